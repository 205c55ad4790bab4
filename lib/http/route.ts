import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, appErrorOfProblem, databaseUnavailableError, isAppError } from "@/lib/errors";
import { isDatabaseUnavailableError } from "@/lib/db/database-unavailable";

// Every JSON route handler is wrapped in `jsonRoute`, so that a user's mistake
// always comes back as `{ error: { code, message, details? } }` with a 4xx
// status, an unreachable or locked database a 503 with Retry-After, and only
// real bugs become a 500 (logged, with no internals sent).

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  const response = NextResponse.json(body, { status: error.status });
  const retryAfter = (error.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  // 429 and 503 tell clients when to come back, in the standard header as well as the body.
  if (typeof retryAfter === "number") response.headers.set("Retry-After", String(retryAfter));
  return response;
}

export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  const problemUnavailable = appErrorOfProblem(error);
  if (problemUnavailable) return problemUnavailable;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return new AppError("INVALID_INPUT", `The request is invalid: ${summary}.`, { fields });
  }
  if (isDatabaseUnavailableError(error)) return databaseUnavailableError();
  return null;
}

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * A change sent by a browser from another site. Under https the session
 * cookie is SameSite=None (it must reach Chainrule inside an LMS's iframe:
 * lib/auth/session-cookie-settings.ts), so a cross-site form could carry it;
 * browsers say where a request comes from in Sec-Fetch-Site, and none of
 * Chainrule's own pages sends a change from another site. Clients that are
 * not browsers send no such header and are unaffected.
 */
function crossSiteChange(request: Request): boolean {
  return !SAFE_METHODS.has(request.method) && request.headers.get("sec-fetch-site") === "cross-site";
}

export function jsonRoute<Context = unknown>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      if (crossSiteChange(request)) {
        throw new AppError("FORBIDDEN", "Chainrule takes no changes sent from another site's page; open Chainrule itself and try there.");
      }
      return await handler(request, context);
    } catch (error) {
      const appError = toAppError(error);
      if (appError?.code === "DATABASE_UNAVAILABLE") {
        // One line, not a stack: during an outage every request lands here.
        console.warn(`[chainrule] ${request.method} ${new URL(request.url).pathname}: database unavailable (${describe(error)})`);
      }
      if (appError) return errorResponse(appError);
      console.error(`[chainrule] ${request.method} ${new URL(request.url).pathname} failed`, error);
      return NextResponse.json(
        { error: { code: "INTERNAL", message: "Something went wrong on our side; try again in a moment." } },
        { status: 500 },
      );
    }
  };
}

function describe(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  const firstLine = typeof message === "string" ? message.trim().split("\n").pop() : String(error);
  return typeof code === "string" ? `${code}: ${firstLine}` : `${firstLine}`;
}
