import "server-only";
import type { Db } from "@/lib/db/client";
import type { Membership } from "./roles";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "./password";
import { AppError } from "@/lib/errors";
import { reserveSignInAttempt, signInSucceeded } from "@/lib/rate-limit/sign-in-lockout";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  memberships: Membership[];
  /** Goes into the session token; raising it in the database ends the session (lib/auth/session.ts). */
  sessionVersion: number;
}

/** Emails are compared case-insensitively and without surrounding spaces. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

// A hash of a random password: comparing against it when the email is
// unknown makes "no such user" take as long as "wrong password".
let timingDecoyHash: Promise<string> | undefined;
function decoyHash(): Promise<string> {
  timingDecoyHash ??= hashPassword(randomUUID());
  return timingDecoyHash;
}

export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  const enrollments = await db.enrollment.findMany({
    where: { userId },
    select: { courseId: true, role: true },
    orderBy: { createdAt: "asc" },
  });
  return enrollments.map(({ courseId, role }) => ({ courseId, role }));
}

/** Why a sign-in is refused before the password is checked, and what to do. */
function refusalMessage(scope: "address" | "network", until: number, now: number): string {
  if (scope === "network") {
    const seconds = Math.ceil((until - now) / 1000);
    return `Too many failed sign-ins from your network: try again in ${seconds} second${seconds === 1 ? "" : "s"}.`;
  }
  const minutes = Math.ceil((until - now) / 60_000);
  return `Too many failed sign-ins for this address: try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

/**
 * Checks an email and password; returns the user, or null for any mismatch.
 * Every attempt is counted, before its password is compared, towards the
 * address's lock-out and, when the client's network is known (`network`,
 * from lib/rate-limit/client-ip.ts), towards the network's limit
 * (lib/rate-limit/sign-in-lockout.ts); a success gives it back. A locked
 * address or network is refused with RATE_LIMITED whatever the password,
 * and unknown addresses are counted the same way, so the answers do not
 * tell which addresses have accounts.
 */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
  now = Date.now(),
  network: string | null = null,
): Promise<AuthenticatedUser | null> {
  const address = normalizeEmail(email);
  const attempt = await reserveSignInAttempt(db, address, network, now);
  if (!attempt.reserved) throw new AppError("RATE_LIMITED", refusalMessage(attempt.refusal.scope, attempt.refusal.until, now));
  const user = await db.user.findUnique({ where: { email: address } });
  // No account, or one added to a roster and not claimed yet (no password): compare against the
  // decoy anyway, so that such an address takes as long to refuse as a wrong password.
  const hasPassword = user !== null && user.passwordHash !== "";
  const matches = (await verifyPassword(password, hasPassword ? user.passwordHash : await decoyHash())) && hasPassword;
  // A wrong password was counted when it was reserved.
  if (!user || !matches) return null;
  await signInSucceeded(db, attempt.reservation);
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    memberships: await loadMemberships(db, user.id),
    sessionVersion: user.sessionVersion,
  };
}
