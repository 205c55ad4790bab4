/**
 * From an untrusted value (JSON.parse'd or YAML-parsed text, a request
 * body) to a validated ProblemDocument, or a DocumentError listing every
 * issue with its path.
 */
import type { z } from "zod";
import { DocumentError, DocumentErrorCode, type DocumentIssue, type DocumentPath } from "./errors";
import { problemDocumentSchema, type ProblemDocument } from "./schema";

/** Nesting deeper than any document needs (a matrix in a handout is 4 levels down): a bound on every recursive walk. */
const MAX_NESTING = 32;

/**
 * An escape such as "\ud800" in JSON or YAML text parses to an unpaired
 * UTF-16 surrogate, which is not text: the database refused a title holding
 * one (a 500 on publish).
 */
const NOT_TEXT = "holds an unpaired UTF-16 surrogate (an escape such as \\ud800 without its partner); write the character itself";
/** PostgreSQL keeps no NUL in text (SQLite does): refused on both, so that a document publishes on either. */
const NUL = "holds a NUL character (\\u0000), which the database cannot keep; remove it";

/**
 * A key `__proto__` is refused before zod sees the value: JSON.parse makes
 * it an own property, but copying it with `target[key] = value` would set
 * a prototype, and zod drops it silently. Nesting is bounded here too, and
 * every key and string must be well-formed Unicode.
 */
function checkStructure(value: unknown, path: (string | number)[]): void {
  if (path.length > MAX_NESTING) {
    throw new DocumentError(DocumentErrorCode.TooLarge, path, `nested deeper than ${MAX_NESTING} levels`);
  }
  if (typeof value === "string" && !value.isWellFormed()) throw new DocumentError(DocumentErrorCode.InvalidField, path, NOT_TEXT);
  if (typeof value === "string" && value.includes("\0")) throw new DocumentError(DocumentErrorCode.InvalidField, path, NUL);
  if (Array.isArray(value)) {
    value.forEach((entry, i) => checkStructure(entry, [...path, i]));
  } else if (typeof value === "object" && value !== null) {
    for (const key of Object.keys(value)) {
      if (key === "__proto__") throw new DocumentError(DocumentErrorCode.InvalidField, [...path, key], "this key is not allowed");
      if (!key.isWellFormed()) throw new DocumentError(DocumentErrorCode.InvalidField, [...path, key.toWellFormed()], NOT_TEXT);
      checkStructure((value as Record<string, unknown>)[key], [...path, key]);
    }
  }
}

/**
 * zod's issues as paths an editor can highlight. A union that failed is
 * explained by the one branch whose type matched (an object given where
 * a number or an object is allowed is explained by the object's fields);
 * a refused record key is reported at the key.
 */
function describeIssue(issue: z.core.$ZodIssue, prefix: DocumentPath): DocumentIssue[] {
  const path = [...prefix, ...issue.path.map((key) => (typeof key === "symbol" ? String(key) : key))];
  if (issue.code === "invalid_union" && "errors" in issue && Array.isArray(issue.errors)) {
    const matched = issue.errors.filter((branch) => !branch.some((inner) => inner.code === "invalid_type" && inner.path.length === 0));
    if (matched.length === 1) return matched[0].flatMap((inner) => describeIssue(inner, path));
    return [{ path, message: "matches none of the allowed forms" }];
  }
  if (issue.code === "invalid_key" && "issues" in issue && Array.isArray(issue.issues) && issue.issues.length > 0) {
    return [{ path, message: `invalid name: ${issue.issues[0].message}` }];
  }
  return [{ path, message: issue.message }];
}

/** Validates a document; defaults are filled in. Throws DocumentError. */
export function parseDocument(value: unknown): ProblemDocument {
  checkStructure(value, []);
  const parsed = problemDocumentSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.flatMap((issue) => describeIssue(issue, []));
  const code = parsed.error.issues[0].code === "too_big" ? DocumentErrorCode.TooLarge : DocumentErrorCode.InvalidField;
  throw new DocumentError(code, issues[0].path, issues[0].message, issues);
}
