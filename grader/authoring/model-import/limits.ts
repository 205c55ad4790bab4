/**
 * Caps on a pasted model, checked before anything else is done with it: the
 * text comes from a browser, so its length, its nesting and the number of
 * layers it can expand to are bounded and no input can stall the parser.
 * The figures are far above a model one would turn into a problem
 * (a ResNet-18 printed by PyTorch is about 6,000 characters, nesting 5).
 */
import { DOCUMENT_LIMITS } from "../limits";

export const MODEL_IMPORT_LIMITS = Object.freeze({
  /** Characters of the pasted text. */
  maxTextLength: 50_000,
  /** Brackets open at once: `Sequential(Sequential(Conv2d((3, 3))))` is 4. */
  maxNesting: 32,
  /** Tokens of the text (names, numbers, punctuation). */
  maxTokens: 20_000,
  /** Layers after containers are flattened and `n x Layer(...)` repeats expanded: a problem document's own cap. */
  maxLayers: DOCUMENT_LIMITS.maxLayers,
  /** Characters of one name, string or number. */
  maxTokenLength: 200,
  /** Largest repeat count in a printed `(0-2): 3 x Layer(...)`. */
  maxRepeat: DOCUMENT_LIMITS.maxLayers,
});
