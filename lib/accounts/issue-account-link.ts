import "server-only";
import type { AccountLinkPurpose, Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";
import { hashLinkSecret, newLinkSecret } from "./link-secret";
import { accountLinkSender, type AccountLinkDelivery, type AccountLinkSender } from "./link-delivery";

/** How long a link works: a week to claim a new account (it may wait for the first class), a day to reset a password. */
export const LINK_LIFETIME_MS: Record<AccountLinkPurpose, number> = {
  CLAIM: 7 * 24 * 60 * 60_000,
  RESET: 24 * 60 * 60_000,
};

export const ACCOUNT_LINK_PATH = "/set-password";

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
 * Refused for a member who is staff in a course the asking instructor does
 * not teach: whoever holds the link holds the account, and with it that
 * other course's staff role. Only the member themselves, or an instructor of
 * every course they are staff in, may then set its password.
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
  const member = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, name: true, passwordHash: true, enrollments: { select: { courseId: true, role: true } } },
  });
  if (!member || !member.enrollments.some((enrollment) => enrollment.courseId === courseId)) {
    throw new AppError("NOT_FOUND", "This person is not in the course.");
  }
  const staffElsewhere = member.enrollments.filter((enrollment) => enrollment.courseId !== courseId && isStaffRole(enrollment.role));
  if (staffElsewhere.length > 0) {
    const taught = await db.enrollment.count({
      where: { userId: actorId, role: "INSTRUCTOR", courseId: { in: staffElsewhere.map((e) => e.courseId) } },
    });
    if (taught < staffElsewhere.length) {
      throw new AppError(
        "FORBIDDEN",
        "This person is staff in a course you do not teach, so you cannot set their password: " +
          "ask them to sign in, or an instructor of every course they teach in to make the link.",
      );
    }
  }

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
