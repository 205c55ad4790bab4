import "server-only";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/route";
import { LtiRefusal } from "./launch-errors";
import { ltiErrorPage } from "./error-page";

// The LMS-facing routes answer with HTML, not JSON: the person who sees the
// answer is in a browser inside the LMS. A refusal is its page (4xx); the
// site's own errors (LTI off, the database down) a page in the same form.

type Handler = (request: Request) => Promise<Response>;

export function ltiRoute(handler: Handler): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof LtiRefusal) return ltiErrorPage(error);
      const appError = toAppError(error);
      if (!appError) console.error(`[chainrule] ${request.method} ${new URL(request.url).pathname} failed`, error);
      const message = appError?.message ?? "Something went wrong on Chainrule's side; try again in a moment.";
      const page = ltiErrorPage({ code: "INVALID_REQUEST", message });
      return new Response(page.body, { status: appError instanceof AppError ? appError.status : 500, headers: page.headers });
    }
  };
}
