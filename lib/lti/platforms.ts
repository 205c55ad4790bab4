import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { forgetFrameOrigins, storedFrameOrigins } from "./frame-origins";
import type { LtiRegistrar } from "./permissions";
import type { PlatformRegistration } from "./requests";

// Platform registrations (LtiPlatform and its LtiDeployments): listed,
// created, replaced and deleted by a registrar (lib/lti/permissions.ts).
// Admins see every platform; other registrars only the ones they made, and
// another's is NOT_FOUND to them. Every change is in the audit log.

export interface PlatformView {
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  authLoginUrl: string;
  accessTokenUrl: string;
  jwksUrl: string;
  deploymentIds: string[];
  /** Origins that frame the tool besides authLoginUrl's (lib/lti/frame-origins.ts). */
  frameOrigins: string[];
  createdById: string | null;
  createdAt: string;
  updatedAt: string;
}

const include = { deployments: { select: { deploymentId: true }, orderBy: { createdAt: "asc" as const } } };

type PlatformRow = NonNullable<Awaited<ReturnType<typeof findPlatform>>>;

function findPlatform(db: Db, platformId: string) {
  return db.ltiPlatform.findUnique({ where: { id: platformId }, include });
}

function view(row: PlatformRow): PlatformView {
  return {
    id: row.id,
    name: row.name,
    issuer: row.issuer,
    clientId: row.clientId,
    authLoginUrl: row.authLoginUrl,
    accessTokenUrl: row.accessTokenUrl,
    jwksUrl: row.jwksUrl,
    deploymentIds: row.deployments.map((d) => d.deploymentId),
    frameOrigins: storedFrameOrigins(row.frameOrigins),
    createdById: row.createdById,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** What the audit log keeps of a registration: everything but the timestamps. */
function audited(platform: PlatformView) {
  const { createdAt: _created, updatedAt: _updated, ...rest } = platform;
  return rest;
}

export function duplicatePlatformError(registration: PlatformRegistration): AppError {
  return new AppError(
    "CONFLICT",
    `A platform with issuer "${registration.issuer}" and client id "${registration.clientId}" is already registered; edit that one.`,
    { fields: [{ path: "clientId", message: "already registered with this issuer" }] },
  );
}

export async function listPlatforms(db: Db, registrar: LtiRegistrar): Promise<PlatformView[]> {
  const rows = await db.ltiPlatform.findMany({
    where: registrar.isAdmin ? {} : { createdById: registrar.user.id },
    include,
    orderBy: { createdAt: "asc" },
  });
  return rows.map(view);
}

/** The platform if the registrar may manage it; NOT_FOUND otherwise (another's looks like none). */
export async function getPlatform(db: Db, registrar: LtiRegistrar, platformId: string): Promise<PlatformView> {
  const row = await findPlatform(db, platformId);
  if (!row || (!registrar.isAdmin && row.createdById !== registrar.user.id)) {
    throw new AppError("NOT_FOUND", "There is no such platform registration, or it is not yours to manage.");
  }
  return view(row);
}

export async function createPlatform(db: Db, registrar: LtiRegistrar, registration: PlatformRegistration): Promise<PlatformView> {
  try {
    return await db.$transaction((tx) => insertPlatform(tx, registrar, registration));
  } catch (error) {
    if (isUniqueViolation(error, "clientId")) throw duplicatePlatformError(registration);
    throw error;
  } finally {
    forgetFrameOrigins(); // the pages' frame-ancestors follow the registrations
  }
}

/**
 * The insert and its audit entry, inside the caller's transaction: Dynamic
 * Registration (lib/lti/dynamic-registration.ts) uses up its link in the same
 * one. The caller maps a unique violation with `duplicatePlatformError` and
 * calls forgetFrameOrigins afterwards.
 */
export async function insertPlatform(tx: Prisma.TransactionClient, registrar: LtiRegistrar, registration: PlatformRegistration) {
  const { deploymentIds, ...fields } = registration;
  const row = await tx.ltiPlatform.create({
    data: {
      ...fields,
      createdById: registrar.user.id,
      deployments: { create: deploymentIds.map((deploymentId) => ({ deploymentId })) },
    },
    include,
  });
  const platform = view(row);
  await tx.auditLog.create({
    data: {
      actorId: registrar.user.id,
      action: "lti.platform.create",
      entityType: "LtiPlatform",
      entityId: row.id,
      after: audited(platform),
    },
  });
  return platform;
}

/**
 * Replaces a registration. A deployment id left out is removed only when no
 * LMS course of it is linked yet: removing it would unlink those courses, so
 * that is a CONFLICT naming it (delete the whole platform to start over).
 */
export async function updatePlatform(
  db: Db,
  registrar: LtiRegistrar,
  platformId: string,
  registration: PlatformRegistration,
): Promise<PlatformView> {
  const before = await getPlatform(db, registrar, platformId);
  const { deploymentIds, ...fields } = registration;
  const removed = before.deploymentIds.filter((id) => !deploymentIds.includes(id));
  try {
    return await db.$transaction(async (tx) => {
      if (removed.length > 0) {
        const linked = await tx.ltiDeployment.findMany({
          where: { platformId, deploymentId: { in: removed }, courseLinks: { some: {} } },
          select: { deploymentId: true },
        });
        if (linked.length > 0) {
          throw new AppError(
            "CONFLICT",
            `Deployment ${linked.map((d) => `"${d.deploymentId}"`).join(", ")} has linked courses and cannot be removed; keep it in the list.`,
            { fields: [{ path: "deploymentIds", message: "a deployment with linked courses cannot be removed" }] },
          );
        }
        await tx.ltiDeployment.deleteMany({ where: { platformId, deploymentId: { in: removed } } });
      }
      const added = deploymentIds.filter((id) => !before.deploymentIds.includes(id));
      const row = await tx.ltiPlatform.update({
        where: { id: platformId },
        data: { ...fields, deployments: { create: added.map((deploymentId) => ({ deploymentId })) } },
        include,
      });
      const platform = view(row);
      await tx.auditLog.create({
        data: {
          actorId: registrar.user.id,
          action: "lti.platform.update",
          entityType: "LtiPlatform",
          entityId: platformId,
          before: audited(before),
          after: audited(platform),
        },
      });
      return platform;
    });
  } catch (error) {
    if (isUniqueViolation(error, "clientId")) throw duplicatePlatformError(registration);
    throw error;
  } finally {
    forgetFrameOrigins(); // the pages' frame-ancestors follow the registrations
  }
}

/** Deletes a registration with its deployments and links (Chainrule accounts and courses stay). */
export async function deletePlatform(db: Db, registrar: LtiRegistrar, platformId: string): Promise<void> {
  const before = await getPlatform(db, registrar, platformId);
  await db.$transaction([
    db.ltiPlatform.delete({ where: { id: platformId } }),
    db.auditLog.create({
      data: {
        actorId: registrar.user.id,
        action: "lti.platform.delete",
        entityType: "LtiPlatform",
        entityId: platformId,
        before: audited(before),
      },
    }),
  ]);
  forgetFrameOrigins();
}
