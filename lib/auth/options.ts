import "server-only";
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "@/lib/db/client";
import { authenticate, loadMemberships } from "./credentials";
import { AppError } from "@/lib/errors";
import { clientNetwork } from "@/lib/rate-limit/client-ip";
import { assertSessionCurrent, endSessions } from "./session-version";
import { safeReturnPath } from "./safe-return-path";
import { credentialsSchema } from "./requests";
import { sessionCookieSettings } from "./session-cookie-settings";

// Sessions are JWTs in an HTTP-only cookie: stateless, so several app
// instances can serve the same users. The token carries the user's course
// roles for the proxy and the UI; every server-side permission check reads
// the database again (lib/auth/session.ts), so a stale token never grants
// access. Roles in the token are refreshed at most this often:
const MEMBERSHIP_REFRESH_MS = 60_000;

export const SIGN_IN_PATH = "/signin";

export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt", maxAge: 14 * 24 * 60 * 60 },
  // A getter, so that the cookie follows NEXTAUTH_URL as next-auth's own defaults do (read per request, not at import).
  get cookies() {
    return { sessionToken: sessionCookieSettings() };
  },
  pages: { signIn: SIGN_IN_PATH, error: SIGN_IN_PATH },
  providers: [
    CredentialsProvider({
      name: "Email and password",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials, request) {
        const parsed = credentialsSchema.safeParse(credentials);
        if (!parsed.success) return null;
        let user;
        try {
          // The client's network, when trusted proxies name it, for the per-network sign-in limit.
          const network = request?.headers ? clientNetwork(request.headers) : null;
          user = await authenticate(getDb(), parsed.data.email, parsed.data.password, Date.now(), network);
        } catch (error) {
          // next-auth passes a thrown error's message to the sign-in form as the error.
          if (error instanceof AppError && error.code === "RATE_LIMITED") throw new Error(error.message);
          throw error;
        }
        return (
          user && { id: user.id, email: user.email, name: user.name, memberships: user.memberships, sessionVersion: user.sessionVersion }
        );
      },
    }),
  ],
  events: {
    // Signing out ends every session of the user, on every instance and
    // device: a copy of the cookie kept from before is refused from now on
    // (lib/auth/session-version.ts). JWTs cannot be recalled one by one, and a
    // list of revoked tokens would cost a lookup per request; the version
    // beside the user's roles costs none.
    async signOut({ token }) {
      if (token?.userId) await endSessions(getDb(), token.userId);
    },
  },
  callbacks: {
    // Where next-auth sends the browser after sign-in and sign-out (its callbackUrl): this site only, by
    // the app's one rule. Its default let "/\t/evil.example" through and answered 500 to a newline.
    redirect({ url, baseUrl }) {
      return `${baseUrl}${safeReturnPath(url, baseUrl)}`;
    },
    async jwt({ token, user }) {
      if (user) {
        token.userId = user.id;
        token.memberships = user.memberships ?? [];
        token.membershipsReadAt = Date.now();
        token.sessionVersion = user.sessionVersion ?? 0;
      } else if (token.userId) {
        // next-auth's own session endpoint runs this for a token it decoded: an ended session
        // (lib/auth/session-version.ts) is refused there too, which clears the cookie.
        await assertSessionCurrent(getDb(), { id: token.userId, sessionVersion: token.sessionVersion ?? 0 });
        if (Date.now() - (token.membershipsReadAt ?? 0) > MEMBERSHIP_REFRESH_MS) {
          token.memberships = await loadMemberships(getDb(), token.userId);
          token.membershipsReadAt = Date.now();
        }
      }
      return token;
    },
    async session({ session, token }) {
      session.user = {
        id: token.userId ?? "",
        email: token.email ?? "",
        name: token.name ?? "",
        memberships: token.memberships ?? [],
      };
      return session;
    },
  },
};
