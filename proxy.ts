// Next 16's request proxy (formerly middleware), run for pages only. It
// gives every page a Content-Security-Policy with a fresh nonce, sends
// anonymous visitors to sign in before any page renders, and keeps students
// out of staff pages early. The sign-in part is a convenience, not the
// security boundary: every page, route handler and server action checks the
// session and role itself on the server.
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { isStaffPath, isStaffRole } from "@/lib/auth/roles";
import { getDb } from "@/lib/db/client";
import { contentSecurityPolicy, DENY_FRAMING } from "@/lib/http/security-headers.js";
import { jsonDepthExceeds } from "@/lib/http/json-depth";
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

/**
 * How deep a server action's arguments may nest. Next decodes them
 * recursively before the action runs, so an array nested 5,000 deep
 * overflowed the stack (a 500) before any check of ours; the app's own forms
 * send a few levels. Checked here, the one place every action's request
 * passes first.
 */
const MAX_ACTION_ARGUMENT_DEPTH = 64;

/** A server action's request whose arguments nest too deep: 400, before Next decodes them. */
async function tooDeepAction(request: NextRequest): Promise<NextResponse | null> {
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
  if (!texts.some((text) => jsonDepthExceeds(text, MAX_ACTION_ARGUMENT_DEPTH))) return null;
  return NextResponse.json(
    {
      error: {
        code: "INVALID_INPUT",
        message: `The form's data is nested more than ${MAX_ACTION_ARGUMENT_DEPTH} levels deep; reload the page and send it again.`,
      },
    },
    { status: 400 },
  );
}

export default async function proxy(request: NextRequest, event: NextFetchEvent) {
  const refused = await tooDeepAction(request);
  if (refused) return refused;
  if (isPublicPage(request.nextUrl.pathname)) return nextWithNonce(request);
  return signedInPages(request as NextRequestWithAuth, event);
}

export const config = {
  // Pages only. Route handlers under /api check the session themselves and
  // answer 401/403 JSON; they, next-auth's endpoints and static files keep
  // the static policy from next.config.js, without paying for the proxy.
  matcher: ["/((?!api(?:/|$)|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|webp|ico|woff2?|txt)$).*)"],
};
