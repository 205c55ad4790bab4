import "server-only";
import type { Db } from "@/lib/db/client";
import type { Membership } from "./roles";
import { randomUUID } from "node:crypto";
import { hashPassword, verifyPassword } from "./password";

export interface AuthenticatedUser {
  id: string;
  email: string;
  name: string;
  memberships: Membership[];
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

/** Checks an email and password; returns the user, or null for any mismatch. */
export async function authenticate(db: Db, email: string, password: string): Promise<AuthenticatedUser | null> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) } });
  // No account, or one added to a roster that has not been claimed yet (no password).
  if (!user || user.passwordHash === "") {
    await verifyPassword(password, await decoyHash());
    return null;
  }
  if (!(await verifyPassword(password, user.passwordHash))) return null;
  return { id: user.id, email: user.email, name: user.name, memberships: await loadMemberships(db, user.id) };
}
