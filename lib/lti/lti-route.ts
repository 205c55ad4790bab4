import "server-only";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { contentSecurityPolicy } from "@/lib/http/security-headers.js";
import { toAppError } from "@/lib/http/route";
import { frameAncestorSources, framingOrigin, registeredFrameOrigins } from "./frame-origins";
import { LtiRefusal } from "./launch-errors";
import { ltiErrorPage } from "./error-page";
import { PlatformFormPost, platformFormPostResponse } from "./platform-form-post";

// The LMS-facing routes answer with HTML, not JSON: the person who sees the
// answer is in a browser inside the LMS. A refusal is its page (4xx); the
// site's own errors (LTI off, the database down) a page in the same form.
// Every answer admits the registered platforms as frame ancestors, since it
// is shown inside the LMS's iframe (lib/lti/frame-origins.ts). A handler
// that hands back a PlatformFormPost gets the page that posts it to the LMS,
// whose policy also admits that one LMS origin as a form action.

type Handler = (request: Request) => Promise<Response | PlatformFormPost>;

export function ltiRoute(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    const answered = await answer(handler, request);
    const origins = await registeredFrameOrigins(getDb(), { framedBy: framingOrigin(request) });
    const production = process.env.NODE_ENV === "production";
    const frameAncestors = frameAncestorSources(origins);
    if (answered instanceof PlatformFormPost) return platformFormPostResponse(answered, { frameAncestors, production });
    answered.headers.set("Content-Security-Policy", contentSecurityPolicy({ production, frameAncestors }));
    return answered;
  };
}

async function answer(handler: Handler, request: Request): Promise<Response | PlatformFormPost> {
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
}
