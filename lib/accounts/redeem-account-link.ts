import "server-only";
import type { AccountLinkPurpose, Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session-version";
import { signInSucceeded } from "@/lib/rate-limit/sign-in-lockout";
import { accountLinkRefusal, type AccountLinkRefusal } from "./account-ownership";
import { hashLinkSecret, isLinkSecret } from "./link-secret";
import { redeemInputSchema, type RedeemInput } from "./requests";

const LINK_GONE = "This link has expired or was already used; ask your instructor for a new one.";
const LINK_OUTGROWN =
  "This link no longer works: the account is now used beyond the course it was made for. " +
  "If you know your password, sign in and change it on your account page; if you forgot it, ask a site administrator.";
const FIRST_LINK_OUTGROWN =
  "This link no longer works: the account is now in other courses too, so its first password cannot come from this " +
  "course's link. Ask a site administrator to give you one.";
const LINK_LEFT_COURSE = "This link no longer works: the account has left the course it was made for. Ask your instructor.";
const LINK_NOW_LMS = "This link no longer works: the account now signs in through your LMS. Open Chainrule from the LMS.";

/** Why a link that worked when made sets nothing now, in words for its holder. */
function refusedLinkMessage(refusal: AccountLinkRefusal, purpose: AccountLinkPurpose): string {
  if (refusal === "not-in-course") return LINK_LEFT_COURSE;
  if (refusal === "lms-account") return LINK_NOW_LMS;
  return purpose === "CLAIM" ? FIRST_LINK_OUTGROWN : LINK_OUTGROWN;
}

export interface OpenAccountLink {
  purpose: AccountLinkPurpose;
  email: string;
  name: string;
  expiresAt: Date;
}

/** A link that still works, with the account it is for; NOT_FOUND otherwise. */
async function findOpenLink(db: Db, secret: string, now: Date) {
  const link = isLinkSecret(secret)
    ? await db.accountLink.findUnique({
        where: { secretHash: hashLinkSecret(secret) },
        select: {
          userId: true,
          courseId: true,
          issuedById: true,
          purpose: true,
          expiresAt: true,
          usedAt: true,
          user: { select: { email: true, name: true } },
        },
      })
    : null;
  if (!link || link.usedAt !== null || link.expiresAt.getTime() <= now.getTime()) throw new AppError("NOT_FOUND", LINK_GONE);
  return link;
}

type LinkScope = { userId: string; courseId: string; issuedById: string | null; purpose: AccountLinkPurpose };

/** FORBIDDEN unless the link's course still owns the account, as when the link was made (lib/accounts/account-ownership.ts). */
async function assertStillOwned(db: Pick<Db, "user" | "enrollment">, link: LinkScope): Promise<void> {
  const refusal = await accountLinkRefusal(db, { actorId: link.issuedById, courseId: link.courseId, userId: link.userId });
  if (refusal) throw new AppError("FORBIDDEN", refusedLinkMessage(refusal, link.purpose));
}

/** What a link is for, while it works (for the page that asks for the password); NOT_FOUND or FORBIDDEN once it does not. Changes nothing. */
export async function readAccountLink(db: Db, secret: string, now = new Date()): Promise<OpenAccountLink> {
  const link = await findOpenLink(db, secret, now);
  await assertStillOwned(db, link);
  return { purpose: link.purpose, email: link.user.email, name: link.user.name, expiresAt: link.expiresAt };
}

export interface RedeemAccountLinkOptions {
  db: Db;
  secret: string;
  input: RedeemInput;
  now?: Date;
}

/**
 * Sets an account's password through its link, once: the link is marked used
 * in the same statement that checks it is unused and unexpired, so two
 * requests racing with one link cannot both succeed. Every session the
 * account had ends (a reset is what someone does when a password leaked),
 * and its sign-in lock-out is lifted. Refused, changing nothing, when the
 * account has since joined a course its issuer does not teach or been given
 * a site-wide right: the link must not reach more than it could when made.
 */
export async function redeemAccountLink({
  db,
  secret,
  input,
  now = new Date(),
}: RedeemAccountLinkOptions): Promise<{ email: string; purpose: AccountLinkPurpose }> {
  const { password, name } = redeemInputSchema.parse(input);
  const link = await findOpenLink(db, secret, now);
  const { userId } = link;
  const passwordHash = await hashPassword(password);
  const email = await db.$transaction(async (tx) => {
    // Checked again as it is taken: of two requests racing with one link, one finds it used.
    const taken = await tx.accountLink.updateMany({
      where: { secretHash: hashLinkSecret(secret), usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (taken.count !== 1) throw new AppError("NOT_FOUND", LINK_GONE);
    await assertStillOwned(tx, link);
    const user = await tx.user.update({
      where: { id: userId },
      data: { passwordHash, ...(link.purpose === "CLAIM" && name ? { name } : {}) },
      select: { email: true },
    });
    await endSessions(tx, userId);
    await tx.auditLog.create({
      data: { actorId: userId, action: `account.${link.purpose === "CLAIM" ? "claim" : "reset"}`, entityType: "User", entityId: userId },
    });
    return user.email;
  });
  // The owner proved who they are with the link: the address's lock-out is lifted, as a sign-in lifts it.
  await signInSucceeded(db, { email, network: null });
  return { email, purpose: link.purpose };
}
