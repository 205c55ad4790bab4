import "server-only";
import { randomBytes } from "node:crypto";
import type { Db } from "@/lib/db/client";

/**
 * Gives a course a new invite code, which ends the old link: for a link that
 * was shared too widely. Audited as course.invite (the code itself is not
 * written to the log).
 */
export async function regenerateInvite({ db, actorId, courseId }: { db: Db; actorId: string; courseId: string }): Promise<string> {
  const inviteCode = randomBytes(12).toString("base64url");
  await db.$transaction([
    db.course.update({ where: { id: courseId }, data: { inviteCode } }),
    db.auditLog.create({ data: { actorId, courseId, action: "course.invite", entityType: "Course", entityId: courseId } }),
  ]);
  return inviteCode;
}
