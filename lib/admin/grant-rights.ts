import type { Db } from "@/lib/db/client";
import { normalizeEmail } from "@/lib/auth/credentials";
import { AppError } from "@/lib/errors";

// The site-wide rights (lib/lti/permissions.ts), granted and revoked by
// whoever runs the server, on the command line (scripts/admin/grant.ts):
// there is no page where anyone can make themselves an admin.

export type SiteRight = "admin" | "lti-registrar";

const COLUMN = { admin: "isAdmin", "lti-registrar": "mayRegisterLtiPlatforms" } as const;

export async function setSiteRight(db: Db, email: string, right: SiteRight, granted: boolean): Promise<{ userId: string }> {
  const user = await db.user.findUnique({ where: { email: normalizeEmail(email) }, select: { id: true } });
  if (!user) throw new AppError("NOT_FOUND", `There is no account with the address ${email}.`);
  await db.$transaction([
    db.user.update({ where: { id: user.id }, data: { [COLUMN[right]]: granted } }),
    db.auditLog.create({
      data: { action: granted ? "site.grant" : "site.revoke", entityType: "User", entityId: user.id, after: { right } },
    }),
  ]);
  return { userId: user.id };
}
