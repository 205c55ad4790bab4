import "server-only";
import type { AccountLinkPurpose, Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { accountLinkRefusal, type AccountLinkRefusal } from "./account-ownership";
import { hashLinkSecret, newLinkSecret } from "./link-secret";
import { accountLinkSender, type AccountLinkDelivery, type AccountLinkSender } from "./link-delivery";

/** How long a link works: a week to claim a new account (it may wait for the first class), a day to reset a password. */
export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = {
  CLAIM: 7 * 24 * 60 * 60_000,
  RESET: 24 * 60 * 60_000,
};

export const ACCOUNT_LINK_PATH = "/set-password";

// The product sends no email, so there is no reset a person can ask for themselves: one who
// knows their password changes it at /account; one who forgot it needs the site's operators.
// Another course's member and a site admin or LTI registrar get the same answer, so that an
// instructor cannot find out who holds the site's rights by importing them.
const NOT_OWNED =
  "This person has an account used beyond the courses you teach, so you cannot set its password from this course: " +
  "if they know their password they can change it on their account page; if they forgot it, ask a site administrator.";
const NOT_OWNED_UNCLAIMED =
  "This person is also in courses you do not teach and has not set a password yet, so their first password cannot " +
  "come from this course: ask a site administrator to give them one.";
const LMS_ACCOUNT = "This person signs in through your LMS and has no Chainrule password to set: ask them to open Chainrule from the LMS.";

function refusalError(refusal: AccountLinkRefusal, hasPassword: boolean): AppError {
  if (refusal === "not-in-course") return new AppError("NOT_FOUND", "This person is not in the course.");
  if (refusal === "lms-account") return new AppError("FORBIDDEN", LMS_ACCOUNT);
  return new AppError("FORBIDDEN", hasPassword ? NOT_OWNED : NOT_OWNED_UNCLAIMED);
}

export interface IssueAccountLinkOptions {
  db: Db;
  /** The instructor asking, checked by the caller to be an instructor of courseId. */
  actorId: string;
  courseId: string;
  /** The member the link is for. */
  userId: string;
  /** The site's address, for the link (NEXTAUTH_URL). */
  baseUrl: string;
  sender?: AccountLinkSender;
  now?: Date;
}

/**
 * Makes a single-use, expiring link with which one member of the course
 * sets their password: the first one for an account staff added (CLAIM),
 * a new one for an account that has one (RESET). A new link ends the
 * member's earlier unused ones. Audited as account.link (without the link).
 *
 * Refused unless the course owns the account (lib/accounts/account-ownership.ts):
 * whoever holds the link holds the account, with its other courses and rights.
 */
export async function issueAccountLink({
  db,
  actorId,
  courseId,
  userId,
  baseUrl,
  sender = accountLinkSender(),
  now = new Date(),
}: IssueAccountLinkOptions): Promise<AccountLinkDelivery> {
  const member = await db.user.findUnique({ where: { id: userId }, select: { email: true, name: true, passwordHash: true } });
  const refusal = member ? await accountLinkRefusal(db, { actorId, courseId, userId }) : "not-in-course";
  if (refusal || !member) throw refusalError(refusal ?? "not-in-course", member?.passwordHash !== "");

  const purpose: AccountLinkPurpose = member.passwordHash === "" ? "CLAIM" : "RESET";
  const secret = newLinkSecret();
  const expiresAt = new Date(now.getTime() + LINK_LIFETIME_MS[purpose]);
  await db.$transaction([
    db.accountLink.updateMany({ where: { userId, usedAt: null }, data: { usedAt: now } }),
    db.accountLink.create({ data: { userId, purpose, secretHash: hashLinkSecret(secret), courseId, issuedById: actorId, expiresAt } }),
    db.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "account.link",
        entityType: "User",
        entityId: userId,
        after: { purpose, expiresAt: expiresAt.toISOString() },
      },
    }),
  ]);
  const url = new URL(`${ACCOUNT_LINK_PATH}/${secret}`, baseUrl).toString();
  return sender.deliver({ email: member.email, name: member.name, url, expiresAt });
}
