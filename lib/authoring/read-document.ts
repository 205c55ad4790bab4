import "server-only";
import { compileDocument, DocumentError, importDocument, type DocumentFormat, type DocumentProblem, type ProblemDocumentInput } from "@/grader/authoring";
import { AppError } from "@/lib/errors";
import type { DocumentErrorInfo } from "./contract";

export type CompiledText =
  /** `document` as written (defaults left out), validated; `problem` compiled from it. */
  | { ok: true; document: ProblemDocumentInput; problem: DocumentProblem }
  | { ok: false; error: DocumentErrorInfo };

/**
 * Reads a document's text (JSON or YAML) and compiles it. Compiling is
 * where everything that does not depend on a seed is checked; nothing of
 * the author's runs, whatever the text says (grader/authoring). A
 * DocumentError is the author's mistake and comes back as a value; any
 * other error is a bug and is thrown.
 */
export function compileDocumentText(text: string, format?: DocumentFormat): CompiledText {
  try {
    const document = importDocument(text, format);
    return { ok: true, document, problem: compileDocument(document) };
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    return { ok: false, error: error.toJSON() };
  }
}

/** compileDocumentText, throwing INVALID_INPUT with the DocumentError's path and issues as `details.document`. */
export function readProblemDocument(text: string, format?: DocumentFormat): { document: ProblemDocumentInput; problem: DocumentProblem } {
  const compiled = compileDocumentText(text, format);
  if (!compiled.ok) throw new AppError("INVALID_INPUT", `The document is not valid: ${compiled.error.message}`, { document: compiled.error });
  return compiled;
}
