import "server-only";
import type { DocumentFormat, DocumentProblem, ProblemDocumentInput } from "@/grader/authoring";
import { AppError } from "@/lib/errors";
import { compileDocumentText } from "@/grader/authoring/validate-text";

/**
 * compileDocumentText, throwing INVALID_INPUT with the DocumentError's path
 * and issues as `details.document`. Compiling is bounded by the document's
 * compile cap (grader/authoring/cost.ts), so it may run on the request
 * thread; validation may not (validate-document.ts).
 */
export function readProblemDocument(text: string, format?: DocumentFormat): { document: ProblemDocumentInput; problem: DocumentProblem } {
  const compiled = compileDocumentText(text, format);
  if (!compiled.ok)
    throw new AppError("INVALID_INPUT", `The document is not valid: ${compiled.error.message}`, { document: compiled.error });
  return compiled;
}
