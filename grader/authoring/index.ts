/**
 * Authoring: problems written as documents (JSON or YAML) rather than as
 * TypeScript, with the same power as the bank and no author's code run on
 * the server. A document is validated (schema.ts, parse.ts), compiled into
 * the bank's ProblemDefinition (compile.ts), and then drawn, graded and
 * validated by grader/problems exactly as a bank problem is.
 *
 *   import { compileDocument, importDocument } from "./grader/authoring";
 *   const problem = compileDocument(importDocument(text));
 *   validateProblem(problem, 50).failures; // [] or the seeds that fail, and why
 *
 * Pure TypeScript (zod and yaml only), so the editor page can run the same
 * checks in the browser as the server does.
 */
export { DocumentError, DocumentErrorCode, formatPath, type DocumentIssue, type DocumentPath } from "./errors";
export { DOCUMENT_LIMITS } from "./limits";
export {
  problemDocumentSchema,
  nameSchema,
  type ProblemDocument,
  type ProblemDocumentInput,
  type DocumentPart,
  type DocumentVariable,
  type DocumentNetwork,
} from "./schema";
export { parseDocument } from "./parse";
export { compileDocument, type DocumentProblem } from "./compile";
export type { DocumentParams } from "./draw";
export {
  importDocument,
  exportDocument,
  readDocumentText,
  formatOfFile,
  formatOfText,
  canonicalDocument,
  type DocumentFormat,
} from "./codec";
export { problemDocumentJsonSchema, problemDocumentJsonSchemaText, PROBLEM_DOCUMENT_SCHEMA_FILE } from "./json-schema";
