/**
 * Everything that can be wrong with a pasted model fails with a
 * ModelImportError: a code the form can switch on, a message that says
 * what was expected or what to do next, and, where the problem is at one
 * place in the text, its line and column (from 1, as editors count).
 */
import { TypedError } from "../../errors";

export enum ModelImportErrorCode {
  /** Longer than MODEL_IMPORT_LIMITS.maxTextLength, nested deeper, or more layers than a problem may have. */
  TooLarge = "TOO_LARGE",
  /** Not the subset of Python call syntax that a model is written in. */
  InvalidSyntax = "INVALID_SYNTAX",
  /** A layer the engine does not know, or an argument it does not take. */
  UnsupportedLayer = "UNSUPPORTED_LAYER",
  /** A layer the engine knows but a problem document cannot yet state (a non-square kernel, dilation…). */
  NotExpressible = "NOT_EXPRESSIBLE",
  /** The input shape is not a tuple of whole numbers, batch first. */
  InvalidInputShape = "INVALID_INPUT_SHAPE",
  /** The layers do not fit the input shape (or each other), as PyTorch would refuse them. */
  DoesNotFit = "DOES_NOT_FIT",
}

/** Where in the pasted text: line and column from 1. */
export interface TextPosition {
  line: number;
  column: number;
}

export class ModelImportError extends TypedError {
  readonly code: ModelImportErrorCode;
  readonly position: TextPosition | null;

  constructor(code: ModelImportErrorCode, message: string, position: TextPosition | null = null) {
    super("ModelImportError", position ? `line ${position.line}, column ${position.column}: ${message}` : message);
    this.code = code;
    this.position = position;
  }
}
