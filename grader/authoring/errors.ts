/**
 * Everything an author can get wrong in a problem document fails with a
 * DocumentError: a code the editor can switch on and the path in the
 * document to highlight (["parts", 2, "reference"], shown as
 * `parts[2].reference`). Schema errors carry every issue found, so an
 * editor can mark them all at once; later stages stop at the first.
 */
import { TypedError } from "../errors";

export enum DocumentErrorCode {
  /** The text is not JSON (or YAML) at all. */
  InvalidSyntax = "INVALID_SYNTAX",
  /** Longer than DOCUMENT_LIMITS.maxTextLength, or more parts, variables… than allowed. */
  TooLarge = "TOO_LARGE",
  /** A field is missing, of the wrong type, out of range, or unknown. */
  InvalidField = "INVALID_FIELD",
  /** A name used but never declared (in an expression, a shape, a placeholder, a constraint). */
  UnknownName = "UNKNOWN_NAME",
  /** Two declarations with one name, or a name reserved by the language. */
  DuplicateName = "DUPLICATE_NAME",
  /** An expression that does not parse, or that uses a function where it is not allowed. */
  InvalidExpression = "INVALID_EXPRESSION",
  /** Shapes that do not fit, in a definition, a reference, a known mistake or a sample. */
  ShapeMismatch = "SHAPE_MISMATCH",
  /** A reference that does not fit its answer kind (a matrix for an integer part, a fraction for an integer). */
  InvalidReference = "INVALID_REFERENCE",
  /** A distribution that cannot give what is asked of it (nonzero entries from a range that rounds to 0). */
  InvalidDistribution = "INVALID_DISTRIBUTION",
  /** Dimension constraints or networks that no draw satisfies. */
  Unsatisfiable = "UNSATISFIABLE",
  /** A layer stack that the engine (and PyTorch) refuses. */
  InvalidNetwork = "INVALID_NETWORK",
  /** Fixed values for seed 0 that do not fit the declarations. */
  InvalidHandout = "INVALID_HANDOUT",
}

export type DocumentPath = readonly (string | number)[];

export interface DocumentIssue {
  path: DocumentPath;
  message: string;
}

/** `parts[2].reference`, `variables.W0.shape[1]`; the empty path is the document itself. */
export function formatPath(path: DocumentPath): string {
  let text = "";
  for (const key of path) {
    if (typeof key === "number") text += `[${key}]`;
    else text += text === "" ? key : `.${key}`;
  }
  return text || "(document)";
}

export class DocumentError extends TypedError {
  readonly code: DocumentErrorCode;
  readonly path: DocumentPath;
  /** Every issue found; the first is the one in `path` and the message. */
  readonly issues: readonly DocumentIssue[];

  constructor(code: DocumentErrorCode, path: DocumentPath, message: string, issues?: readonly DocumentIssue[]) {
    super("DocumentError", `${formatPath(path)}: ${message}`);
    this.code = code;
    this.path = path;
    this.issues = issues ?? [{ path, message }];
  }

  /** The shape the editor reads: paths as text. */
  override toJSON(): { code: DocumentErrorCode; path: string; message: string; issues: { path: string; message: string }[] } {
    return {
      code: this.code,
      path: formatPath(this.path),
      message: this.message,
      issues: this.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
    };
  }
}
