import { z } from "zod";

/** The query of GET …/exports/gradebook: ?missing=zero writes 0 where nothing was submitted. */
export const gradebookCsvQuerySchema = z.object({ missing: z.enum(["blank", "zero"]).optional() });
