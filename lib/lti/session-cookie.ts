import "server-only";
import { encode } from "next-auth/jwt";
import type { Membership } from "@/lib/auth/roles";
import { authOptions } from "@/lib/auth/options";
import { sessionCookieSettings, type SessionCookieSettings } from "@/lib/auth/session-cookie-settings";
import { siteUrl } from "@/lib/env";
import { AppError } from "@/lib/errors";
import type { LinkedUser } from "./link-user";

// A launch signs the person in with the very cookie a password sign-in gets:
// next-auth's own encoder, the same claims as lib/auth/options.ts's jwt
// callback puts in (sessionVersion included, so signing out ends it like any
// other session), the same name, attributes and lifetime next-auth uses for
// its session cookie (lib/auth/session-cookie-settings.ts: SameSite=None,
// Secure and the __Secure- prefix exactly when NEXTAUTH_URL is https).

/** Browsers keep cookies up to 4096 bytes; next-auth would split a longer token, which this cookie never needs to be. */
const MAX_TOKEN_LENGTH = 3_800;

export interface SessionCookie {
  name: string;
  value: string;
  options: SessionCookieSettings["options"] & { maxAge: number };
}

export async function sessionCookieFor(user: LinkedUser, memberships: Membership[], now = Date.now()): Promise<SessionCookie> {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret)
    throw new AppError("UNAVAILABLE", "This server has no NEXTAUTH_SECRET, so it cannot sign anyone in; its administrator must set it.");
  const maxAge = authOptions.session?.maxAge ?? 30 * 24 * 60 * 60;
  const claims = { sub: user.id, userId: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
  let value = await encode({ secret, maxAge, token: { ...claims, memberships, membershipsReadAt: now } });
  // Someone in very many courses: the roles are left out and read again on the next request (the jwt callback's refresh).
  if (value.length > MAX_TOKEN_LENGTH)
    value = await encode({ secret, maxAge, token: { ...claims, memberships: [], membershipsReadAt: 0 } });
  const { name, options } = sessionCookieSettings(siteUrl());
  return { name, value, options: { ...options, maxAge } };
}
