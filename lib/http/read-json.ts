import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

/** Larger bodies are refused before parsing: a full problem's answers fit in a few kilobytes. */
export const MAX_JSON_BODY_BYTES = 256 * 1024;

/**
 * Reads a JSON request body, bounded in size, and validates it: too large
 * is PAYLOAD_TOO_LARGE, malformed JSON and schema failures are INVALID_INPUT
 * naming what was wrong.
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
  const text = Buffer.concat(chunks).toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new AppError("INVALID_INPUT", `The request body is not valid JSON (${(error as Error).message}); send a JSON object.`);
  }
  return schema.parse(parsed);
}

function tooLarge(maxBytes: number): AppError {
  return new AppError("PAYLOAD_TOO_LARGE", `The request body is over ${Math.round(maxBytes / 1024)} KB; send fewer or smaller answers.`);
}
