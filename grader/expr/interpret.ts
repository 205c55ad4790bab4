/**
 * "Interpreted as": what an input was read as, for the live preview. Runs
 * the parser and the shape checker (no evaluation), so it is cheap enough
 * to call on every keystroke, in the browser as on the server.
 */
import { postOrder } from "./ast";
import type { Environment } from "./environment";
import { ExprError } from "./errors";
import { parseExpression, type ParsedExpression } from "./parser";
import { toCanonical, toLatex } from "./render";
import { formatShape, type Shape } from "./shape";
import { inferShapes, type TypedExpression } from "./shapes";

export interface SubExpression {
  id: number;
  /** Span in the input (UTF-16 code units, end exclusive). */
  start: number;
  end: number;
  canonical: string;
  /** Null when shape checking stopped before reaching it. */
  shape: Shape | null;
  /** The shape as the handout writes it (`h×1`), or null. */
  shapeText: string | null;
}

export interface Interpretation {
  canonical: string;
  latex: string;
  shape: Shape | null;
  /** Every sub-expression, children before parents (the whole expression last). */
  parts: SubExpression[];
}

export type Analysis =
  | { ok: true; typed: TypedExpression; interpretation: Interpretation }
  /** `interpretation` is there when the input parsed but its shapes do not fit. */
  | { ok: false; error: ExprError; interpretation: Interpretation | null };

export function analyzeExpression(source: string, environment: Environment, options: { allowGrad?: boolean } = {}): Analysis {
  let parsed: ParsedExpression;
  try {
    parsed = parseExpression(source, { limits: environment.limits, names: namesOf(environment) });
  } catch (error) {
    if (error instanceof ExprError) return { ok: false, error, interpretation: null };
    throw error;
  }
  const shapes: (Shape | undefined)[] = new Array(parsed.nodeCount);
  try {
    const typed = inferShapes(parsed, environment.scope({ allowGrad: options.allowGrad ?? false }), shapes);
    return { ok: true, typed, interpretation: interpretation(parsed, shapes, environment) };
  } catch (error) {
    if (error instanceof ExprError) return { ok: false, error, interpretation: interpretation(parsed, shapes, environment) };
    throw error;
  }
}

const nameSets = new WeakMap<Environment, ReadonlySet<string>>();

/** The environment's names, for reading indexed spellings (`W_0` → `W0`); remembered per environment. */
function namesOf(environment: Environment): ReadonlySet<string> {
  let names = nameSets.get(environment);
  if (!names) {
    names = new Set(environment.scope({ allowGrad: false }).names());
    nameSets.set(environment, names);
  }
  return names;
}

function interpretation(parsed: ParsedExpression, shapes: readonly (Shape | undefined)[], environment: Environment): Interpretation {
  const parts = postOrder(parsed.root).map((node) => {
    const shape = shapes[node.id] ?? null;
    return { id: node.id, start: node.start, end: node.end, canonical: toCanonical(node), shape, shapeText: shape && formatShape(shape) };
  });
  return {
    canonical: toCanonical(parsed.root),
    latex: toLatex(parsed.root, { names: environment.context.latex, shapes }),
    shape: shapes[parsed.root.id] ?? null,
    parts,
  };
}
