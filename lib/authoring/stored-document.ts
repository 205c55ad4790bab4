import "server-only";
import { exportDocument, type ProblemDocumentInput } from "@/grader/authoring";

/**
 * How an authored problem's document is kept in Problem.definition: as its
 * text, `{ "documentText": "{ … }" }`, not as a JSON object. PostgreSQL's
 * jsonb sorts object keys (shortest first), and a document's key order is
 * part of the problem: dimensions and variables are drawn in the order they
 * are written, so `{ W1, b1, x }` read back as `{ x, W1, b1 }` would give
 * every seed other numbers than the ones validated and previewed. A string
 * survives both databases byte for byte. It is read back by
 * documentOfStoredDefinition (grader/stored.ts), which the grading
 * threads share.
 */
export interface StoredDocument {
  documentText: string;
}

/** The stored form: the document in its stable JSON form (grader/authoring/codec.ts). */
export function storedDocument(document: ProblemDocumentInput): StoredDocument {
  return { documentText: exportDocument(document, "json") };
}
