import { z } from "zod";
import { MAX_GRADEBOOK_PAGE_SIZE, type GradebookQuery } from "./get-gradebook";

// The gradebook's query string, shared by GET /api/staff/assessments/:id/gradebook
// and the gradebook page, so that a page URL and an API URL mean the same rows.
// Empty values mean "not set", as a submitted GET form sends them.

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === "" || v === null ? undefined : v), schema.optional());

export const gradebookQuerySchema = z.object({
  sort: optional(z.string().max(64)),
  direction: optional(z.enum(["asc", "desc"])),
  search: optional(z.string().max(200)),
  section: optional(z.string().max(200)),
  minPercent: optional(z.coerce.number().min(0).max(100)),
  maxPercent: optional(z.coerce.number().min(0).max(100)),
  page: optional(z.coerce.number().int().min(1)),
  pageSize: optional(z.coerce.number().int().min(1).max(MAX_GRADEBOOK_PAGE_SIZE)),
  expand: optional(z.string().max(64)),
});

/** Reads a gradebook query from URL parameters; INVALID_INPUT (through jsonRoute) names a bad one. */
export function parseGradebookQuery(params: URLSearchParams | Record<string, string | string[] | undefined>): GradebookQuery {
  const entries =
    params instanceof URLSearchParams
      ? Object.fromEntries(params.entries())
      : Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  return gradebookQuerySchema.parse(entries);
}

/** The query string of a gradebook query, leaving out what is unset. */
export function gradebookQueryString(query: GradebookQuery): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== "") params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : "";
}
