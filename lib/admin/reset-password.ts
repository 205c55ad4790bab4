import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { normalizeEmail } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session-version";
import { AppError } from "@/lib/errors";

// A forgotten password, reset by whoever runs the server, on the command line
// (scripts/admin/grant.ts): the product sends no email, and an instructor may
// make a password link only for an account their courses wholly own
// (lib/accounts/account-ownership.ts), so a student of two courses, a TA or an
// admin has no one else to ask. The account gets a new random password, every
// session of it ends, and the operator hands the password over in person; its
// owner then changes it on their account page.

/** 18 random bytes: 24 base64url characters, well past MIN_PASSWORD_LENGTH and any guessing. */
const TEMPORARY_PASSWORD_BYTES = 18;

export async function resetPassword(db: Db, email: string): Promise<{ userId: string; password: string }> {
  const user = await db.user.findUnique({
    where: { email: normalizeEmail(email) },
    select: { id: true, ltiIdentities: { select: { id: true }, take: 1 } },
  });
  if (!user) throw new AppError("NOT_FOUND", `There is no account with the address ${email}.`);
  // Such an account signs in through its LMS only, and must keep no password (lib/lti/link-user.ts).
  if (user.ltiIdentities.length > 0)
    throw new AppError("CONFLICT", `${email} signs in through an LMS and has no Chainrule password: they open Chainrule from the LMS.`);
  const password = randomBytes(TEMPORARY_PASSWORD_BYTES).toString("base64url");
  const passwordHash = await hashPassword(password);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: user.id }, data: { passwordHash } });
    // Unused links would otherwise set a password over the one handed out.
    await tx.accountLink.updateMany({ where: { userId: user.id, usedAt: null }, data: { usedAt: new Date() } });
    await endSessions(tx, user.id);
    await tx.auditLog.create({ data: { action: "account.reset", entityType: "User", entityId: user.id, after: { by: "operator" } } });
  });
  return { userId: user.id, password };
}
