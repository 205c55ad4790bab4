import "server-only";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { type AuthorizedUser, requireUser } from "@/lib/auth/session";

// Who may register LMS platforms. Chainrule had no site-wide role before LTI:
// a platform is site-wide (any of its courses may launch), so registering one
// is not a course role. Two flags on User, both set on the command line by
// whoever runs the server (scripts/admin/grant.ts): an admin manages every
// platform and rotates the tool's keys; an instructor (of some course) whom
// an admin gave mayRegisterLtiPlatforms manages the platforms they registered.

export interface LtiRegistrar {
  user: AuthorizedUser;
  isAdmin: boolean;
}

export async function ltiRightsOf(db: Db, user: AuthorizedUser): Promise<LtiRegistrar | null> {
  const row = await db.user.findUnique({ where: { id: user.id }, select: { isAdmin: true, mayRegisterLtiPlatforms: true } });
  if (!row) return null;
  if (row.isAdmin) return { user, isAdmin: true };
  const instructs = user.memberships.some((m) => m.role === "INSTRUCTOR");
  return row.mayRegisterLtiPlatforms && instructs ? { user, isAdmin: false } : null;
}

/** The signed-in user if they may register platforms; FORBIDDEN otherwise. */
export async function requireLtiRegistrar(): Promise<LtiRegistrar> {
  const user = await requireUser();
  const rights = await ltiRightsOf(getDb(), user);
  if (!rights) {
    throw new AppError(
      "FORBIDDEN",
      "Registering LMS platforms needs a site administrator's permission: ask them to grant it (docs/lti.md, Who may register).",
    );
  }
  return rights;
}

/** The signed-in user if they are a site administrator; FORBIDDEN otherwise. */
export async function requireSiteAdmin(): Promise<AuthorizedUser> {
  const rights = await requireLtiRegistrar().catch((error) => {
    if (error instanceof AppError && error.code === "FORBIDDEN") return null;
    throw error;
  });
  if (!rights?.isAdmin) throw new AppError("FORBIDDEN", "Only a site administrator may do this (docs/lti.md, Who may register).");
  return rights.user;
}
