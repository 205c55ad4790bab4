import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import { AppError, isAppError } from "@/lib/errors";

// Every JSON route handler is wrapped in `jsonRoute`, so that a user's mistake
// always comes back as `{ error: { code, message, details? } }` with a 4xx
// status, and only real bugs become a 500 (logged, with no internals sent).

export interface ErrorBody {
  error: { code: string; message: string; details?: unknown };
}

export function errorResponse(error: AppError): NextResponse<ErrorBody> {
  const body: ErrorBody = { error: { code: error.code, message: error.message } };
  if (error.details !== undefined) body.error.details = error.details;
  return NextResponse.json(body, { status: error.status });
}

export function toAppError(error: unknown): AppError | null {
  if (isAppError(error)) return error;
  if (error instanceof ZodError) {
    const fields = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    const summary = fields.map((f) => (f.path ? `${f.path}: ${f.message}` : f.message)).join("; ");
    return new AppError("INVALID_INPUT", `The request is invalid: ${summary}.`, { fields });
  }
  return null;
}

type Handler<Context> = (request: Request, context: Context) => Promise<Response>;

export function jsonRoute<Context = unknown>(handler: Handler<Context>): Handler<Context> {
  return async (request, context) => {
    try {
      return await handler(request, context);
    } catch (error) {
      const appError = toAppError(error);
      if (appError) return errorResponse(appError);
      console.error(`[chainrule] ${request.method} ${new URL(request.url).pathname} failed`, error);
      return NextResponse.json(
        { error: { code: "INTERNAL", message: "Something went wrong on our side; try again in a moment." } },
        { status: 500 },
      );
    }
  };
}
