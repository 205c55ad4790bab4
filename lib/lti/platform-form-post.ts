import "server-only";
import { randomBytes } from "node:crypto";
import { AppError } from "@/lib/errors";
import { contentSecurityPolicy } from "@/lib/http/security-headers.js";
import { escapeHtml } from "./error-page";

// A signed answer that the browser must form-post back to the LMS (Deep
// Linking 2.0's response to deep_link_return_url): a page that submits it at
// once. Every other page's CSP says form-action 'self', which would block
// that post, so this page's policy admits exactly one more place: the origin
// of the action, which the caller took from a request signed by the LMS and
// checked by Chainrule (never from anything the browser sent). The page's
// one inline script carries a fresh nonce; without script, a button posts it.

export class PlatformFormPost {
  /** The LMS origin the page may post to (form-action). */
  readonly origin: string;

  constructor(
    /** Where to post: an LMS address from a validated, signed request. */
    readonly action: string,
    readonly fields: Record<string, string>,
    /** What the page says while it posts ("Returning to your LMS…"). */
    readonly title: string,
  ) {
    let url: URL | null = null;
    try {
      url = new URL(action);
    } catch {
      // refused below
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:") || url.username || url.password) {
      throw new AppError(
        "INVALID_INPUT",
        "The LMS gave a return address that is not a web address, so Chainrule cannot send your choice back; ask the LMS administrator to check the tool's setup.",
      );
    }
    this.origin = url.origin;
  }
}

/**
 * The page that posts `post` to the LMS, with its own Content-Security-Policy:
 * form-action the LMS's origin alone, and the frame ancestors given (the
 * registered platforms, since the page shows inside the LMS's iframe).
 */
export function platformFormPostResponse(post: PlatformFormPost, options: { frameAncestors: string[]; production: boolean }): Response {
  const nonce = randomBytes(16).toString("base64");
  const inputs = Object.entries(post.fields)
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join("\n");
  const html = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(post.title)}</title></head>
<body>
<main>
<h1>${escapeHtml(post.title)}</h1>
<form id="lti-platform-form" method="post" action="${escapeHtml(post.action)}">
${inputs}
<noscript><p>Your browser runs no scripts here: press the button to continue.</p></noscript>
<button type="submit">Continue to the LMS</button>
</form>
</main>
<script nonce="${nonce}">document.getElementById("lti-platform-form").submit();</script>
</body>
</html>
`;
  const policy = contentSecurityPolicy({
    production: options.production,
    nonce,
    frameAncestors: options.frameAncestors,
    formAction: [post.origin],
  });
  return new Response(html, {
    status: 200,
    headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", "Content-Security-Policy": policy },
  });
}
