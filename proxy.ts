// Next 16's request proxy (formerly middleware), run for pages, and for API
// paths only when they hold a percent sign. It refuses paths Next cannot
// decode, gives every page a Content-Security-Policy with a fresh nonce,
// sends anonymous visitors to sign in before any page renders, and keeps
// students out of staff pages early. The sign-in part is a convenience, not
// the security boundary: every page, route handler and server action checks
// the session and role itself on the server.
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { isStaffPath, isStaffRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { contentSecurityPolicy, DENY_FRAMING } from "@/lib/http/security-headers.js";
import { jsonDepthExceeds } from "@/lib/http/json-depth";
import { findIllFormedText, illFormedTextMessage, mayHoldIllFormedText } from "@/lib/http/well-formed-text";
import { frameAncestorSources, framingOrigin, registeredFrameOrigins } from "@/lib/lti/frame-origins";

/** Pages anyone may open: signing in and up, setting a password through an account link, and the page that explains a refusal. */
const PUBLIC_PAGES = ["/signin", "/signup", "/set-password", "/forbidden"];

const isPublicPage = (pathname: string) => PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));

/** Pages where a password is typed: no site may frame them, a registered LMS included (clickjacking). */
const ACCOUNT_PAGES = ["/signin", "/signup", "/set-password"];

const isAccountPage = (pathname: string) => ACCOUNT_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));

/** 128 random bits, base64: unguessable, and new for every request. */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Lets the request through with a nonce policy. Next reads the nonce from
 * the request's Content-Security-Policy header and puts it on the scripts it
 * renders; the browser gets the same policy on the response.
 */
async function nextWithNonce(request: NextRequest): Promise<NextResponse> {
  // Every other page may be framed by a registered LMS (students and staff alike work inside it).
  const frameAncestors = isAccountPage(request.nextUrl.pathname)
    ? ["'none'"]
    : frameAncestorSources(await registeredFrameOrigins(getDb(), { framedBy: framingOrigin(request) }));
  const policy = contentSecurityPolicy({ production: process.env.NODE_ENV === "production", nonce: newNonce(), frameAncestors });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
  if (frameAncestors[0] === "'none'") response.headers.set(DENY_FRAMING.key, DENY_FRAMING.value);
  return response;
}

const signedInPages = withAuth(
  function keepStudentsOffStaffPages(request: NextRequestWithAuth) {
    const { pathname } = request.nextUrl;
    const memberships = request.nextauth.token?.memberships ?? [];
    if (isStaffPath(pathname) && !memberships.some((m) => isStaffRole(m.role))) {
      const url = new URL("/forbidden", request.url);
      url.searchParams.set("from", pathname);
      return NextResponse.redirect(url);
    }
    return nextWithNonce(request);
  },
  {
    pages: { signIn: "/signin" },
    callbacks: { authorized: ({ token }) => Boolean(token) },
  },
);

const isApiPath = (pathname: string) => pathname === "/api" || pathname.startsWith("/api/");

/**
 * Next decodes a dynamic path segment with decodeURIComponent before the
 * page or route runs, and a malformed escape (%FF, an encoded surrogate
 * %ED%A0%80, an overlong %C0%80) threw there: a 500, even signed out.
 * Decoding the whole path once here is one pass over it, and refuses
 * exactly what Next would fail on.
 */
function undecodablePath(request: NextRequest): NextResponse | null {
  const { pathname } = request.nextUrl;
  if (!pathname.includes("%")) return null;
  try {
    decodeURIComponent(pathname);
    return null;
  } catch {
    const message =
      "The address holds a malformed percent-encoding (such as %FF); check the link, or open the page from Chainrule's own menus.";
    if (isApiPath(pathname)) return NextResponse.json({ error: { code: "INVALID_INPUT", message } }, { status: 400 });
    return new NextResponse(plainPage("Bad address", message), { status: 400, headers: { "Content-Type": "text/html; charset=utf-8" } });
  }
}

/** A page with no script, style or input in it, for answers given before the app renders anything. */
function plainPage(title: string, message: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${message}</p></body></html>`;
}

/**
 * The host a server action's Origin must name, found as Next finds it
 * (server/app-render/action-handler.ts): the first X-Forwarded-Host, else
 * Host. Next trusts X-Forwarded-Host whatever CHAINRULE_TRUSTED_PROXY_HOPS
 * says; a page on another site cannot set it, so the comparison still keeps
 * cross-site posts out. No serverActions.allowedOrigins is configured.
 */
function expectedActionHost(request: NextRequest): string | null {
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  return forwarded || request.headers.get("host");
}

/**
 * Whether Next may take a POST to a page for a server action: one with the
 * Next-Action header (sent by React), or a plain form post, which a page
 * without JavaScript sends with the action's id among its fields
 * (next/dist/server/lib/server-action-request-meta.js). No page of ours
 * takes a form post otherwise: the LMS's and sign-in's posts go to /api.
 */
function mayBeAction(request: NextRequest): boolean {
  if (request.method !== "POST") return false;
  if (request.headers.has("next-action")) return true;
  const type = request.headers.get("content-type") ?? "";
  return type.startsWith("multipart/form-data") || type.startsWith("application/x-www-form-urlencoded");
}

/**
 * A server action posted from another origin. Next refuses it too, but as
 * a 500 with a digest; refusing it here first gives the sender a 403 that
 * says why. Like Next, a request without Origin passes (not a browser's
 * cross-site post), and "null" or an unreadable Origin does not.
 */
function foreignActionOrigin(request: NextRequest): NextResponse | null {
  if (!mayBeAction(request)) return null;
  const origin = request.headers.get("origin");
  if (origin === null) return null;
  let originHost: string | null;
  try {
    originHost = origin === "null" ? "null" : new URL(origin).host;
  } catch {
    originHost = null;
  }
  if (originHost !== null && originHost === expectedActionHost(request)) return null;
  return NextResponse.json(
    {
      error: {
        code: "FORBIDDEN",
        message: "Chainrule takes no form sent from another site's page; open Chainrule itself and send the form there.",
      },
    },
    { status: 403 },
  );
}

/**
 * How deep a server action's arguments may nest. Next decodes them
 * recursively before the action runs, so an array nested 5,000 deep
 * overflowed the stack (a 500) before any check of ours; the app's own forms
 * send a few levels. Checked here, the one place every action's request
 * passes first.
 */
const MAX_ACTION_ARGUMENT_DEPTH = 64;

/**
 * A server action's request whose arguments nest too deep, or hold a string
 * that is not well-formed Unicode (lib/http/well-formed-text.ts): 400,
 * before Next decodes them and before any action stores them.
 */
async function refusedActionArguments(request: NextRequest): Promise<NextResponse | null> {
  if (request.method !== "POST" || !request.headers.has("next-action")) return null;
  const type = request.headers.get("content-type") ?? "";
  // React sends plain arguments as one JSON text, and a form's as multipart fields whose
  // numbered ones ("0", "1", …) are JSON; the other fields are the form's own values.
  let texts: string[];
  try {
    texts = type.startsWith("multipart/form-data")
      ? [...(await request.clone().formData()).entries()].flatMap(([name, value]) =>
          /^\d+$/.test(name) && typeof value === "string" ? [value] : [],
        )
      : [await request.clone().text()];
  } catch {
    return null; // unreadable: Next answers it as it does any malformed action request
  }
  if (texts.some((text) => jsonDepthExceeds(text, MAX_ACTION_ARGUMENT_DEPTH))) {
    return invalidAction(
      `The form's data is nested more than ${MAX_ACTION_ARGUMENT_DEPTH} levels deep; reload the page and send it again.`,
    );
  }
  // The form's own fields are decoded from UTF-8 and always well-formed; the JSON parts may hold escapes.
  for (const text of texts.filter(mayHoldIllFormedText)) {
    const found = findIllFormedText(parseOrNull(text));
    if (found) return invalidAction(illFormedTextMessage(found.isKey ? "A name in the form's data" : "A value in the form", found.holds));
  }
  return null;
}

/** A JSON part of an action's arguments, parsed; null when it is not JSON (Next names that itself). */
function parseOrNull(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function invalidAction(message: string): NextResponse {
  return NextResponse.json({ error: { code: "INVALID_INPUT", message } }, { status: 400 });
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const badPath = undecodablePath(request);
  if (badPath) return badPath;
  // The matcher lets API paths in only for the check above; they get nothing else here.
  if (isApiPath(request.nextUrl.pathname)) return NextResponse.next();
  const refused = foreignActionOrigin(request) ?? (await refusedActionArguments(request));
  if (refused) return refused;
  if (isPublicPage(request.nextUrl.pathname)) return nextWithNonce(request);
  return signedInPages(request as NextRequestWithAuth, event);
}

export const config = {
  // Pages, and API paths holding a "%" (for undecodablePath). Route handlers
  // under /api check the session themselves and answer 401/403 JSON; they,
  // next-auth's endpoints and static files keep the static policy from
  // next.config.js, and an ordinary API request (a submission among them:
  // BENCHMARKS.md) does not pay for the proxy. Next tries a matcher on the
  // raw path, so an escape in it is seen.
  matcher: [
    "/((?!api(?:/|$)|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|webp|ico|woff2?|txt)$).*)",
    "/api/:rest(.*%.*)",
  ],
};
