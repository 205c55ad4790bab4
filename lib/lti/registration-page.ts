import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { contentSecurityPolicy } from "@/lib/http/security-headers.js";
import { toAppError } from "@/lib/http/route";
import { registerByDynamicRegistration, type DynamicRegistrationResult } from "./dynamic-registration";
import { escapeHtml, ltiErrorPage } from "./error-page";
import { frameAncestorSources, originOf, registeredFrameOrigins } from "./frame-origins";
import { LtiRefusal } from "./launch-errors";
import type { ToolUrls } from "./tool-urls";

// GET /api/lti/register/:token, the registration link opened by the LMS in
// its administrator's page (docs/lti.md, Dynamic Registration). The answer is
// HTML inside the LMS's iframe: a page saying it is done, whose one script
// tells the LMS to close the frame, or an error page saying what to tell the
// administrator.
//
// Framing: the LMS is not registered yet, so the registered platforms'
// origins are not enough. While the link is valid (it was valid when the
// request came: any answer but REGISTRATION_LINK_INVALID), the origin of the
// openid_configuration address is admitted too, on this route only; an
// unknown, used or expired link admits no one new.

const HEADING = "Chainrule could not register with this LMS";

export interface RegistrationPageOptions {
  tool?: ToolUrls;
  now?: Date;
}

export async function answerRegistrationLink(
  db: Db,
  request: Request,
  linkToken: string,
  { tool, now = new Date() }: RegistrationPageOptions = {},
): Promise<Response> {
  const params = new URL(request.url).searchParams;
  const openidConfiguration = params.get("openid_configuration");
  let response: Response;
  let linkValid = true;
  const nonce = randomBytes(16).toString("base64"); // the done page's one script
  try {
    const result = await registerByDynamicRegistration(db, {
      linkToken,
      openidConfiguration,
      registrationToken: params.get("registration_token"),
      tool,
      now,
    });
    response = donePage(result, nonce);
  } catch (error) {
    if (error instanceof LtiRefusal) {
      linkValid = error.code !== "REGISTRATION_LINK_INVALID";
      response = ltiErrorPage(error, now, HEADING);
    } else {
      const appError = toAppError(error);
      if (!appError) console.error("[chainrule] Dynamic Registration failed", error);
      const message = appError?.message ?? "Something went wrong on Chainrule's side; nothing was stored. Try again in a moment.";
      const page = ltiErrorPage({ code: "INVALID_REQUEST", message }, now, HEADING);
      response = new Response(page.body, { status: appError?.status ?? 500, headers: page.headers });
    }
  }
  const origins = [...(await registeredFrameOrigins(db))];
  const lms = linkValid ? originOf(openidConfiguration) : null;
  if (lms && !origins.includes(lms)) origins.push(lms);
  const policy = contentSecurityPolicy({
    production: process.env.NODE_ENV === "production",
    nonce: response.ok ? nonce : undefined,
    frameAncestors: frameAncestorSources(origins),
  });
  response.headers.set("Content-Security-Policy", policy);
  response.headers.set("Cache-Control", "no-store");
  return response;
}

/** The page shown once the platform is stored: what happened, what is left to do, and the close message to the LMS. */
function donePage({ platform, deploymentKnown }: DynamicRegistrationResult, nonce: string): Response {
  const next = deploymentKnown
    ? "Instructors can now add Chainrule links to their courses."
    : "Deploy the tool in the LMS, then add its deployment id to this platform on Chainrule's LMS platforms page (/author/lti): launches are refused until then.";
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Chainrule is registered</title></head>
<body>
<main>
<h1>Chainrule is registered</h1>
<p id="lti-registration-done">Chainrule registered ${escapeHtml(platform.name)} (issuer ${escapeHtml(platform.issuer)}, client id ${escapeHtml(platform.clientId)}).</p>
<p id="lti-registration-next">${escapeHtml(next)}</p>
</main>
<script nonce="${nonce}">window.parent.postMessage({ subject: "org.imsglobal.lti.close" }, "*");</script>
</body>
</html>
`;
  return new Response(html, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8" },
  });
}
