// Next 16's request proxy (formerly middleware). It sends anonymous visitors
// to sign in before any page renders, and keeps students out of staff pages
// early. It is a convenience, not the security boundary: every page, route
// handler and server action checks the session and role itself on the server.
import { withAuth } from "next-auth/middleware";
import { NextResponse } from "next/server";
import { isStaffPath, isStaffRole } from "@/lib/auth/roles";

export default withAuth(
  function proxy(request) {
    const { pathname } = request.nextUrl;
    const token = request.nextauth.token;
    // Only API calls get here without a token: their handlers answer 401.
    if (!token) return NextResponse.next();
    const memberships = token.memberships ?? [];
    if (isStaffPath(pathname) && !memberships.some((m) => isStaffRole(m.role))) {
      if (pathname.startsWith("/api/")) {
        return NextResponse.json(
          { error: { code: "FORBIDDEN", message: "This endpoint is for course staff." } },
          { status: 403 },
        );
      }
      const url = new URL("/forbidden", request.url);
      url.searchParams.set("from", pathname);
      return NextResponse.redirect(url);
    }
    return NextResponse.next();
  },
  {
    pages: { signIn: "/signin" },
    callbacks: {
      // Anonymous API calls get the route's own 401 JSON, not a redirect to a page.
      authorized: ({ token, req }) => Boolean(token) || req.nextUrl.pathname.startsWith("/api/"),
    },
  },
);

export const config = {
  // Everything except the public pages, next-auth's own endpoints, the health
  // check and static files.
  matcher: ["/((?!signin|signup|forbidden|api/auth|api/health|_next/static|_next/image|favicon\\.ico).*)"],
};
