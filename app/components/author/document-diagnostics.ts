/**
 * The editor's live check of a problem document: the same parse and
 * compile the server runs at publishing (grader/authoring is pure
 * TypeScript), with every error placed in the text. Syntax errors come
 * with the line and column of the character at fault; schema and compile
 * errors with their document path (`parts[1].reference`), located in the
 * text by walking the YAML syntax tree (JSON is YAML, so one walk serves
 * both formats). What depends on a seed (a draw that breaks a constraint)
 * shows in the preview and in validation, not here.
 */
import { isMap, isScalar, isSeq, parseDocument as parseYamlSyntax, type Pair } from "yaml";
import {
  compileDocument,
  DocumentError,
  DOCUMENT_LIMITS,
  formatPath,
  type DocumentFormat,
  type DocumentPath,
  type DocumentProblem,
} from "@/grader/authoring";
import { parseYaml } from "@/grader/authoring/yaml";
import { findJsonSyntaxError } from "./json-syntax";

export interface Diagnostic {
  /** 1-based, as editors count. */
  line: number;
  column: number;
  /** UTF-16 offset into the text, for placing the caret. */
  offset: number;
  /** The document path of a schema or compile error; null for a syntax error. */
  path: string | null;
  /** A DocumentErrorCode, or INVALID_SYNTAX. */
  code: string;
  message: string;
}

export interface DocumentCheck {
  /** The text as a plain value, when its syntax is right (for converting between JSON and YAML). */
  value: unknown;
  /** The compiled problem, when there is no diagnostic. */
  problem: DocumentProblem | null;
  diagnostics: Diagnostic[];
}

/** 1-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lineStart = before.lastIndexOf("\n") + 1;
  return { line: before.split("\n").length, column: before.length - lineStart + 1 };
}

/** The offset of line/column (1-based). */
export function offsetAt(text: string, line: number, column: number): number {
  let offset = 0;
  for (let current = 1; current < line; current++) {
    const next = text.indexOf("\n", offset);
    if (next < 0) return text.length;
    offset = next + 1;
  }
  return Math.min(text.length, offset + column - 1);
}

const diagnosticAt = (text: string, offset: number, code: string, message: string, path: string | null = null): Diagnostic => ({
  ...positionAt(text, offset),
  offset,
  path,
  code,
  message,
});

function syntaxCheck(text: string, format: DocumentFormat): { value: unknown } | { diagnostic: Diagnostic } {
  if (format === "json") {
    const error = findJsonSyntaxError(text);
    if (error) return { diagnostic: diagnosticAt(text, error.offset, "INVALID_SYNTAX", `Not valid JSON: ${error.message}`) };
    return { value: JSON.parse(text) };
  }
  try {
    return { value: parseYaml(text) };
  } catch (error) {
    const yamlError = error as { linePos?: { line: number; col: number }[]; pos?: number[]; message: string };
    // The yaml package's messages end in "at line L, column C:" and a code frame; the editor shows its own.
    const message = yamlError.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
    const offset = yamlError.linePos?.[0] ? offsetAt(text, yamlError.linePos[0].line, yamlError.linePos[0].col) : (yamlError.pos?.[0] ?? 0);
    return { diagnostic: diagnosticAt(text, offset, "INVALID_SYNTAX", `Not valid YAML: ${message}`) };
  }
}

const start = (node: unknown): number | undefined => (node as { range?: [number, number, number] } | null)?.range?.[0];
const keyName = (pair: Pair) => (isScalar(pair.key) ? String(pair.key.value) : String(pair.key));

/**
 * Where a path points in the text: the value of its last key when that is
 * a single value (an expression, a number), its key when it is a block,
 * and as far down as the text goes when the path names something missing
 * (a required field: the object that lacks it). A key the schema does not
 * know is found by the name in its message.
 */
export function locatePath(text: string, path: DocumentPath, message = ""): number {
  const syntax = parseYamlSyntax(text, { uniqueKeys: false });
  let node: unknown = syntax.contents;
  let offset = start(node) ?? 0;
  let walked = 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((item) => keyName(item) === String(key));
      if (!pair) break;
      offset = start(pair.key) ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number" && node.items[key] !== undefined) {
      node = node.items[key];
      offset = start(node) ?? offset;
    } else {
      break;
    }
    walked++;
  }
  if (walked === path.length && isScalar(node)) return start(node) ?? offset;
  const unknownKey = /Unrecognized keys?: "([^"]+)"/.exec(message);
  if (unknownKey && isMap(node)) {
    const pair = node.items.find((item) => keyName(item) === unknownKey[1]);
    if (pair) return start(pair.key) ?? offset;
  }
  return offset;
}

/** Parses and compiles the text; every problem found comes back placed in the text. */
export function checkDocumentText(text: string, format: DocumentFormat): DocumentCheck {
  if (text.trim() === "")
    return { value: undefined, problem: null, diagnostics: [diagnosticAt(text, 0, "INVALID_SYNTAX", "The document is empty.")] };
  if (text.length > DOCUMENT_LIMITS.maxTextLength) {
    const message = `The document is ${text.length} characters long; at most ${DOCUMENT_LIMITS.maxTextLength} are allowed.`;
    return { value: undefined, problem: null, diagnostics: [diagnosticAt(text, DOCUMENT_LIMITS.maxTextLength, "TOO_LARGE", message)] };
  }
  const syntax = syntaxCheck(text, format);
  if ("diagnostic" in syntax) return { value: undefined, problem: null, diagnostics: [syntax.diagnostic] };
  try {
    return { value: syntax.value, problem: compileDocument(syntax.value), diagnostics: [] };
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    const diagnostics = error.issues.map((issue) =>
      diagnosticAt(text, locatePath(text, issue.path, issue.message), error.code, issue.message, formatPath(issue.path)),
    );
    return { value: syntax.value, problem: null, diagnostics };
  }
}
