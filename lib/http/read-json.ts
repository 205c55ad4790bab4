import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { jsonDepthExceeds } from "./json-depth";
import { describeIllFormedPlace, findIllFormedText, illFormedTextMessage, mayHoldIllFormedText } from "./well-formed-text";

export { jsonDepthExceeds };

/** Larger bodies are refused before parsing: a full problem's answers fit in a few kilobytes. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Deeper bodies are refused before parsing: zod's parse recurses once per
 * level, and an array nested 5,000 deep overflowed the stack (a 500). The
 * deepest body the API takes is a submission of a tensor answer: the body,
 * its answers, and up to 8 nested arrays (grader/answers/matrix-literals.ts
 * reads at most 8 dimensions), so 10; 16 leaves room and stays far from any
 * stack.
 */
export const MAX_JSON_DEPTH = 16;

/**
 * Keys refused anywhere in a body. JSON.parse makes "__proto__" an own
 * property, but the first object spread or zod record that copies it by
 * assignment sets the copy's prototype instead, so the key silently
 * disappears ({"answers":{"__proto__":[1]}} was stored as {} with 201).
 * None of the three is a name the API uses.
 */
export const FORBIDDEN_JSON_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Reads a JSON request body, bounded in size and depth, and validates it:
 * too large is PAYLOAD_TOO_LARGE; too deep, malformed JSON, a forbidden key,
 * a string that is not well-formed Unicode and schema failures are
 * INVALID_INPUT naming what was wrong. Every route
 * that takes JSON reads it here.
 */
export async function readJson<T>(request: Request, schema: z.ZodType<T>, maxBytes = MAX_JSON_BODY_BYTES): Promise<T> {
  // Only JSON: a cross-site form cannot send this content type without a CORS
  // preflight, which this API never grants, so a cookie alone cannot forge a request.
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) {
    throw new AppError("INVALID_INPUT", "Send the body as JSON with the header Content-Type: application/json.");
  }
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const reader = request.body?.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (reader) {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        await reader.cancel();
        throw tooLarge(maxBytes);
      }
      chunks.push(value);
    }
  }
  return schema.parse(parseJsonBody(Buffer.concat(chunks).toString("utf8")));
}

/** JSON.parse, after the depth check and before the forbidden-keys and well-formed text checks; every failure an INVALID_INPUT. */
export function parseJsonBody(text: string): unknown {
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    throw new AppError(
      "INVALID_INPUT",
      `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; send answers as flat lists or matrices.`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError("INVALID_INPUT", `The request body is not valid JSON (${(error as Error).message}); send a JSON object.`);
  }
  const forbidden = findForbiddenKey(parsed);
  if (forbidden) {
    const where = forbidden.path.length === 0 ? "at the top level" : `in ${forbidden.path.join(".")}`;
    throw new AppError(
      "INVALID_INPUT",
      `The request body has the key "${forbidden.key}" ${where}; keys named ` +
        `__proto__, constructor or prototype are not accepted: remove it.`,
    );
  }
  const illFormed = mayHoldIllFormedText(text) ? findIllFormedText(parsed) : null;
  if (illFormed) throw new AppError("INVALID_INPUT", illFormedTextMessage(describeIllFormedPlace(illFormed), illFormed.holds));
  return parsed;
}

/** The first forbidden key in a parsed body, with the path to the object holding it; iterative, as the body may be wide. */
function findForbiddenKey(value: unknown): { key: string; path: string[] } | null {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (next.value === null || typeof next.value !== "object") continue;
    for (const key of Object.keys(next.value)) {
      if (FORBIDDEN_JSON_KEYS.has(key)) return { key, path: next.path };
      pending.push({ value: (next.value as Record<string, unknown>)[key], path: [...next.path, key] });
    }
  }
  return null;
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is over ${Math.round(maxBytes / 1024)} KB; send fewer or smaller answers.`);
}
