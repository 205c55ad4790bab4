import { LTI_REFUSALS, type LtiRefusal } from "./launch-errors";

// The page a refused login or launch shows, inside the LMS's frame or
// window: what went wrong in a sentence, what to tell the LMS administrator,
// and the code to quote. Plain HTML with no script or inline style (the
// site's CSP for non-page responses allows neither), every text escaped.

export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** `heading` names what failed: opening a link by default, or registering with the LMS (lib/lti/registration-page.ts). */
export function ltiErrorPage(
  refusal: Pick<LtiRefusal, "code" | "message">,
  now = new Date(),
  heading = "Chainrule could not open this link",
): Response {
  const { status, advice } = LTI_REFUSALS[refusal.code];
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(heading)}</title></head>
<body>
<main>
<h1>${escapeHtml(heading)}</h1>
<p id="lti-error-message">${escapeHtml(refusal.message)}</p>
<h2>What to tell your LMS administrator</h2>
<p id="lti-error-advice">${escapeHtml(advice)}</p>
<p>Error code: <code id="lti-error-code">${refusal.code}</code> at ${now.toISOString()}.</p>
</main>
</body>
</html>
`;
  return new Response(html, {
    status,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "X-LTI-Error": refusal.code },
  });
}
