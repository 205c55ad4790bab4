// Next 16's request proxy (formerly middleware), run for pages only. It
// gives every page a Content-Security-Policy with a fresh nonce, sends
// anonymous visitors to sign in before any page renders, and keeps students
// out of staff pages early. The sign-in part is a convenience, not the
// security boundary: every page, route handler and server action checks the
// session and role itself on the server.
import { withAuth, type NextRequestWithAuth } from "next-auth/middleware";
import { NextResponse, type NextFetchEvent, type NextRequest } from "next/server";
import { isStaffPath, isStaffRole } from "@/lib/auth/roles";
import { contentSecurityPolicy } from "@/lib/http/security-headers.js";

/** Pages anyone may open: signing in and up, setting a password through an account link, and the page that explains a refusal. */
const PUBLIC_PAGES = ["/signin", "/signup", "/set-password", "/forbidden"];

const isPublicPage = (pathname: string) => PUBLIC_PAGES.some((page) => pathname === page || pathname.startsWith(`${page}/`));

/** 128 random bits, base64: unguessable, and new for every request. */
function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Lets the request through with a nonce policy. Next reads the nonce from
 * the request's Content-Security-Policy header and puts it on the scripts it
 * renders; the browser gets the same policy on the response.
 */
function nextWithNonce(request: NextRequest): NextResponse {
  const policy = contentSecurityPolicy({ production: process.env.NODE_ENV === "production", nonce: newNonce() });
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", policy);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", policy);
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

export default function proxy(request: NextRequest, event: NextFetchEvent) {
  if (isPublicPage(request.nextUrl.pathname)) return nextWithNonce(request);
  return signedInPages(request as NextRequestWithAuth, event);
}

export const config = {
  // Pages only. Route handlers under /api check the session themselves and
  // answer 401/403 JSON; they, next-auth's endpoints and static files keep
  // the static policy from next.config.js, without paying for the proxy.
  matcher: ["/((?!api(?:/|$)|_next/static|_next/image|favicon\\.ico|.*\\.(?:png|jpe?g|gif|svg|webp|ico|woff2?|txt)$).*)"],
};
