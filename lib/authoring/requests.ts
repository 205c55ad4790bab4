import { z } from "zod";
import { DOCUMENT_LIMITS } from "@/grader/authoring";
import { MODEL_IMPORT_LIMITS } from "@/grader/authoring/model-import";
import { idSchema } from "@/lib/http/requests";

/** What the problem editor's Validate and Publish actions send: a document's text for one course. */
export const documentInputSchema = z.object({
  courseId: idSchema,
  text: z.string().max(DOCUMENT_LIMITS.maxTextLength, `A document is at most ${DOCUMENT_LIMITS.maxTextLength} characters long.`),
  format: z.enum(["json", "yaml"]),
});

export type DocumentInput = z.input<typeof documentInputSchema>;

/** ?format= of GET /author/problems/:problemId/export; left out, the format the version was published in. */
export const exportFormatSchema = z
  .enum(["json", "yaml"], { message: 'format is "yaml" or "json"; leave it out for the text as published' })
  .optional();

/** What the "Import a PyTorch model" form sends: the model's text, its input shape, and how far sizes may vary, for one course. */
export const modelImportInputSchema = z.object({
  courseId: idSchema,
  model: z
    .string()
    .trim()
    .min(1, "Paste a model: an nn.Sequential(...) expression or what print(model) shows.")
    .max(MODEL_IMPORT_LIMITS.maxTextLength, `A model is at most ${MODEL_IMPORT_LIMITS.maxTextLength} characters long.`),
  inputShape: z.string().trim().min(1, "Give the input shape, batch first, such as (1, 3, 32, 32).").max(200),
  /** How far each drawn size may stray from the pasted one, in percent. */
  spreadPercent: z.number().int().min(0).max(90).default(50),
  slug: z
    .string()
    .trim()
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "A slug is lowercase letters and digits in words joined by '-'.")
    .max(64)
    .default("imported-model"),
  title: z.string().trim().min(1).max(200).default("Shapes and parameters of a network"),
});

export type ModelImportInput = z.input<typeof modelImportInputSchema>;
