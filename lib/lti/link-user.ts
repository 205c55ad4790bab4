import "server-only";
import { createHash } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { normalizeEmail } from "@/lib/auth/credentials";
import type { LaunchClaims } from "./validate-id-token";

// The Chainrule account of an LMS person, found by (issuer, sub) and made on
// their first launch. Never by email: any registered LMS can put any address
// in a token, so matching on it would let one LMS sign in as anyone's
// account. A new account takes the LMS's address when no account has it yet,
// and otherwise a placeholder address of its own (docs/lti.md). It has no
// password (passwordHash ""), which password sign-in never accepts
// (lib/auth/credentials.ts).

export interface LinkedUser {
  id: string;
  email: string;
  name: string;
  sessionVersion: number;
}

const userSelect = { id: true, email: true, name: true, sessionVersion: true } as const;

/** An address no one can receive mail at (.invalid, RFC 2606), unique to the LMS person. */
export function placeholderEmail(issuer: string, subject: string): string {
  const digest = createHash("sha256").update(`${issuer}\n${subject}`).digest("hex").slice(0, 24);
  return `lti-${digest}@users.lti.invalid`;
}

const plausibleEmail = (email: string) => email.length <= 254 && /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email);

/** Who an LMS says someone is: from a launch, or an NRPS member (user_id as subject). */
export type LmsPerson = Pick<LaunchClaims, "issuer" | "subject" | "name" | "email">;

async function emailFor(db: Db, claims: LmsPerson): Promise<string> {
  const email = normalizeEmail(claims.email);
  if (plausibleEmail(email) && !(await db.user.findUnique({ where: { email }, select: { id: true } }))) return email;
  return placeholderEmail(claims.issuer, claims.subject);
}

/** `launched`: false for a roster sync, which must not count as the person's launch. */
export async function linkUser(db: Db, platformId: string, claims: LmsPerson, now = new Date(), launched = true): Promise<LinkedUser> {
  // Two first launches of one person at once: the second insert breaks a unique index, and the retry finds the first's account.
  for (let attempt = 0; ; attempt++) {
    const link = await db.ltiUserLink.findUnique({
      where: { issuer_subject: { issuer: claims.issuer, subject: claims.subject } },
      include: { user: { select: userSelect } },
    });
    if (link) {
      if (launched) await db.ltiUserLink.update({ where: { id: link.id }, data: { lastLaunchAt: now } });
      return link.user;
    }
    try {
      const email = await emailFor(db, claims);
      return await db.$transaction(async (tx) => {
        const user = await tx.user.create({ data: { email, name: claims.name.slice(0, 200), passwordHash: "" }, select: userSelect });
        await tx.ltiUserLink.create({
          data: { issuer: claims.issuer, subject: claims.subject, userId: user.id, platformId, lastLaunchAt: now },
        });
        await tx.auditLog.create({
          data: {
            actorId: user.id,
            action: "lti.user.create",
            entityType: "User",
            entityId: user.id,
            after: { issuer: claims.issuer, email },
          },
        });
        return user;
      });
    } catch (error) {
      if (attempt < 2 && isUniqueViolation(error)) continue;
      throw error;
    }
  }
}
