import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { siteUrl } from "@/lib/env";
import { hashLinkSecret, isLinkSecret, newLinkSecret } from "@/lib/accounts/link-secret";
import { ltiRightsOf, type LtiRegistrar } from "./permissions";
import { LtiRefusal } from "./launch-errors";

// One-time links that start LTI Dynamic Registration. The LMS administrator
// opens the link inside the LMS, where there is no Chainrule session, so the
// link itself is the authority: a registrar makes it here, and it carries
// their right to register a platform for 24 hours, once. Only the token's
// SHA-256 is stored (the token has 256 random bits: lib/accounts/link-secret.ts),
// so the full link is shown once, when it is made. Making, revoking and
// using a link are in the audit log.

/** How long a link works: long enough to hand it to the LMS's administrator, short enough that a leaked one soon dies. */
export const REGISTRATION_LINK_LIFETIME_MS = 24 * 3600_000;

export type RegistrationLinkStatus = "active" | "used" | "expired" | "revoked";

export interface RegistrationLinkView {
  id: string;
  name: string;
  status: RegistrationLinkStatus;
  createdById: string;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
  /** The platform it registered, while that registration exists. */
  platformId: string | null;
}

type LinkRow = Prisma.LtiRegistrationLinkGetPayload<object>;

function statusOf(row: LinkRow, now: Date): RegistrationLinkStatus {
  if (row.usedAt) return "used";
  if (row.revokedAt) return "revoked";
  return row.expiresAt <= now ? "expired" : "active";
}

function view(row: LinkRow, now = new Date()): RegistrationLinkView {
  return {
    id: row.id,
    name: row.name,
    status: statusOf(row, now),
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    usedAt: row.usedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    platformId: row.platformId,
  };
}

/** The address the LMS administrator pastes into the LMS ("Tool registration URL"). */
export function registrationUrl(token: string, origin = siteUrl()): string {
  return `${origin.replace(/\/+$/, "")}/api/lti/register/${token}`;
}

export interface CreateRegistrationLinkOptions {
  /** The name the registered platform will get. */
  name: string;
  now?: Date;
}

/** A new link: its view and, this once, the URL with its token. */
export async function createRegistrationLink(
  db: Db,
  registrar: LtiRegistrar,
  { name, now = new Date() }: CreateRegistrationLinkOptions,
): Promise<{ link: RegistrationLinkView; url: string }> {
  const token = newLinkSecret();
  const row = await db.$transaction(async (tx) => {
    const created = await tx.ltiRegistrationLink.create({
      data: {
        tokenHash: hashLinkSecret(token),
        name,
        createdById: registrar.user.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + REGISTRATION_LINK_LIFETIME_MS),
      },
    });
    await tx.auditLog.create({
      data: {
        actorId: registrar.user.id,
        action: "lti.registration-link.create",
        entityType: "LtiRegistrationLink",
        entityId: created.id,
        after: { name, expiresAt: created.expiresAt.toISOString() },
      },
    });
    return created;
  });
  return { link: view(row, now), url: registrationUrl(token) };
}

/** Admins see every link; other registrars their own. Newest first. */
export async function listRegistrationLinks(db: Db, registrar: LtiRegistrar, now = new Date()): Promise<RegistrationLinkView[]> {
  const rows = await db.ltiRegistrationLink.findMany({
    where: registrar.isAdmin ? {} : { createdById: registrar.user.id },
    orderBy: { createdAt: "desc" },
    take: 100,
  });
  return rows.map((row) => view(row, now));
}

/** Revokes a link that is not used yet (revoking twice is harmless); another's link is NOT_FOUND to a non-admin. */
export async function revokeRegistrationLink(
  db: Db,
  registrar: LtiRegistrar,
  linkId: string,
  now = new Date(),
): Promise<RegistrationLinkView> {
  const row = await db.ltiRegistrationLink.findUnique({ where: { id: linkId } });
  if (!row || (!registrar.isAdmin && row.createdById !== registrar.user.id)) {
    throw new AppError("NOT_FOUND", "There is no such registration link, or it is not yours to revoke.");
  }
  if (row.usedAt) throw new AppError("CONFLICT", "This link was already used; delete the platform it registered instead.");
  if (row.revokedAt) return view(row, now);
  const [revoked] = await db.$transaction([
    db.ltiRegistrationLink.update({ where: { id: linkId }, data: { revokedAt: now } }),
    db.auditLog.create({
      data: {
        actorId: registrar.user.id,
        action: "lti.registration-link.revoke",
        entityType: "LtiRegistrationLink",
        entityId: linkId,
        before: { name: row.name, expiresAt: row.expiresAt.toISOString() },
      },
    }),
  ]);
  return view(revoked, now);
}

export interface RedeemableLink {
  id: string;
  name: string;
  expiresAt: Date;
  /** Its maker, whose right to register platforms is checked again now. */
  registrar: LtiRegistrar;
}

const unusable = (why: string) => new LtiRefusal("REGISTRATION_LINK_INVALID", `This registration link ${why}.`);

/** The link named by a token, if it can start a registration now; REGISTRATION_LINK_INVALID saying why not. */
export async function findRedeemableLink(db: Db, token: string, now = new Date()): Promise<RedeemableLink> {
  const row = isLinkSecret(token)
    ? await db.ltiRegistrationLink.findUnique({
        where: { tokenHash: hashLinkSecret(token) },
        include: { createdBy: { select: { id: true, email: true, name: true, enrollments: { select: { courseId: true, role: true } } } } },
      })
    : null;
  if (!row) throw unusable("is not known to Chainrule (check it was copied whole)");
  const status = statusOf(row, now);
  if (status === "used") throw unusable("was already used: each link registers one LMS");
  if (status === "revoked") throw unusable("was revoked in Chainrule");
  if (status === "expired") throw unusable(`expired at ${row.expiresAt.toISOString()}`);
  const { enrollments, ...user } = row.createdBy;
  const registrar = await ltiRightsOf(db, { ...user, memberships: enrollments });
  if (!registrar) throw unusable("was made by someone who may no longer register LMS platforms");
  return { id: row.id, name: row.name, expiresAt: row.expiresAt, registrar };
}

/**
 * Uses the link up inside the transaction that stores the platform, so that
 * of two registrations racing with one link only one commits. Throws
 * REGISTRATION_LINK_INVALID (rolling back) when another got there first.
 */
export async function consumeRegistrationLink(
  tx: Prisma.TransactionClient,
  link: RedeemableLink,
  platformId: string,
  now = new Date(),
): Promise<void> {
  const { count } = await tx.ltiRegistrationLink.updateMany({
    where: { id: link.id, usedAt: null, revokedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now, platformId },
  });
  if (count !== 1) throw unusable("was used, revoked or expired while this registration ran");
  await tx.auditLog.create({
    data: {
      actorId: link.registrar.user.id,
      action: "lti.registration-link.use",
      entityType: "LtiRegistrationLink",
      entityId: link.id,
      after: { platformId },
    },
  });
}
