/**
 * The document format as a JSON Schema (draft 2020-12), for editors that
 * complete and check documents as they are typed (VS Code's `$schema`,
 * Monaco). Generated from the zod schema, so the two cannot drift; the
 * committed copy, problem-document.schema.json, is rewritten by
 * `npx tsx scripts/problems/write-schema.ts`, and a test fails when it is
 * stale. Checks that JSON Schema cannot say (a range's max at least its
 * min, names that Object.prototype has) are zod's alone.
 */
import { z } from "zod";
import { problemDocumentSchema } from "./schema";

export const PROBLEM_DOCUMENT_SCHEMA_FILE = "grader/authoring/problem-document.schema.json";

export function problemDocumentJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(problemDocumentSchema, { io: "input", unrepresentable: "any", target: "draft-2020-12" }) as Record<
    string,
    unknown
  >;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: "https://chainrule.dev/schemas/problem-document.schema.json",
    title: "Chainrule problem document",
    description:
      "A problem as data: dimensions, variables, definitions and networks drawn per variant, " +
      "and parts whose references are expressions of the grader's expression language.",
    ...rest,
  };
}

/** The file's text: two-space JSON with a final newline. */
export function problemDocumentJsonSchemaText(): string {
  return `${JSON.stringify(problemDocumentJsonSchema(), null, 2)}\n`;
}
