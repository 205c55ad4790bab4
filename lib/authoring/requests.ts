import { z } from "zod";
import { DOCUMENT_LIMITS } from "@/grader/authoring";
import { idSchema } from "@/lib/http/requests";

/** What the problem editor's Validate and Publish actions send: a document's text for one course. */
export const documentInputSchema = z.object({
  courseId: idSchema,
  text: z.string().max(DOCUMENT_LIMITS.maxTextLength, `A document is at most ${DOCUMENT_LIMITS.maxTextLength} characters long.`),
  format: z.enum(["json", "yaml"]),
});

export type DocumentInput = z.input<typeof documentInputSchema>;

/** ?format= of GET /author/problems/:problemId/export. */
export const exportFormatSchema = z.enum(["json", "yaml"]).default("yaml");
