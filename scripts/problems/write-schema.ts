/**
 * Writes the JSON Schema of problem documents (grader/authoring) to the
 * committed file editors point `$schema` at. Run after changing
 * grader/authoring/schema.ts: `npx tsx scripts/problems/write-schema.ts`;
 * test/grader/authoring/json-schema.test.ts fails while the file is stale.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PROBLEM_DOCUMENT_SCHEMA_FILE, problemDocumentJsonSchemaText } from "../../grader/authoring";

const target = path.resolve(__dirname, "..", "..", PROBLEM_DOCUMENT_SCHEMA_FILE);
writeFileSync(target, problemDocumentJsonSchemaText());
process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
