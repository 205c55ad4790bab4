/**
 * Sharing documents as text: importDocument reads JSON or YAML (bounded in
 * size before it is parsed) and validates it; exportDocument writes a
 * validated document back in a stable form, with the document's fields in
 * a fixed order and two-space indentation, so that export(import(text)) is
 * a fixed point and a document kept in git diffs cleanly. Names keep the
 * order they are written in: dimensions and variables are drawn in that
 * order, so it is part of the problem.
 */
import { DocumentError, DocumentErrorCode } from "./errors";
import { DOCUMENT_LIMITS } from "./limits";
import { parseDocument } from "./parse";
import type { ProblemDocumentInput } from "./schema";
import { parseYaml, stringifyYaml } from "./yaml";

export type DocumentFormat = "json" | "yaml";

/** The format a file name says: .yaml and .yml are YAML, everything else JSON. */
export function formatOfFile(fileName: string): DocumentFormat {
  return /\.ya?ml$/i.test(fileName) ? "yaml" : "json";
}

/** A JSON document starts with `{`; anything else is read as YAML (of which JSON is a subset anyway). */
export function formatOfText(text: string): DocumentFormat {
  return text.trimStart().startsWith("{") ? "json" : "yaml";
}

/** The text as a plain value, not yet validated. Throws DocumentError (too large, or not JSON/YAML). */
export function readDocumentText(text: string, format: DocumentFormat = formatOfText(text)): unknown {
  if (text.length > DOCUMENT_LIMITS.maxTextLength) {
    throw new DocumentError(
      DocumentErrorCode.TooLarge,
      [],
      `the document is ${text.length} characters long; at most ${DOCUMENT_LIMITS.maxTextLength} are allowed`,
    );
  }
  try {
    return format === "json" ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new DocumentError(DocumentErrorCode.InvalidSyntax, [], `not valid ${format.toUpperCase()}: ${(error as Error).message}`);
  }
}

/** Reads and validates a document; returns it as written (defaults left out). Throws DocumentError. */
export function importDocument(text: string, format?: DocumentFormat): ProblemDocumentInput {
  const value = readDocumentText(text, format);
  parseDocument(value);
  return value as ProblemDocumentInput;
}

const DOCUMENT_ORDER = [
  "$schema",
  "slug",
  "title",
  "version",
  "source",
  "statement",
  "dimensions",
  "constraints",
  "variables",
  "definitions",
  "networks",
  "handout",
  "parts",
];
const PART_ORDER = ["id", "prompt", "points", "answer", "reference", "knownMistakes", "hints", "samples"];
const VARIABLE_ORDER = ["shape", "distribution", "round", "nonzero", "latex", "description", "display"];
const FIRST_KEYS = ["kind", "type", "id"];

/** The keys of `value` in `order`, then any others (in their order), then `kind`/`type`/`id` first in nested objects. */
function ordered(value: Record<string, unknown>, order: readonly string[]): Record<string, unknown> {
  const keys = Object.keys(value);
  const known = order.filter((key) => keys.includes(key));
  const rest = keys.filter((key) => !order.includes(key));
  return Object.fromEntries([...known, ...rest].map((key) => [key, value[key]]));
}

/**
 * Nested objects with their discriminator (kind, type, id) first: `{ "kind":
 * "matrix", "rtol": … }`; and -0 written as 0, as JSON does anyway, so
 * that both formats give the same document.
 */
function discriminatorsFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(discriminatorsFirst);
  if (Object.is(value, -0)) return 0;
  if (typeof value !== "object" || value === null) return value;
  const object = ordered(value as Record<string, unknown>, FIRST_KEYS);
  return Object.fromEntries(Object.entries(object).map(([key, entry]) => [key, discriminatorsFirst(entry)]));
}

export function canonicalDocument(document: ProblemDocumentInput): ProblemDocumentInput {
  const top = ordered(discriminatorsFirst(document) as Record<string, unknown>, DOCUMENT_ORDER);
  if (Array.isArray(top.parts)) top.parts = top.parts.map((part) => ordered(part as Record<string, unknown>, PART_ORDER));
  if (typeof top.variables === "object" && top.variables !== null) {
    top.variables = Object.fromEntries(
      Object.entries(top.variables).map(([name, variable]) => [name, ordered(variable as Record<string, unknown>, VARIABLE_ORDER)]),
    );
  }
  return top as ProblemDocumentInput;
}

/** Validates and writes a document: pretty JSON (two spaces, final newline) or YAML. Throws DocumentError. */
export function exportDocument(document: ProblemDocumentInput, format: DocumentFormat = "json"): string {
  parseDocument(document);
  const canonical = canonicalDocument(document);
  return format === "json" ? `${JSON.stringify(canonical, null, 2)}\n` : stringifyYaml(canonical);
}
