import "server-only";
import type { Db } from "@/lib/db/client";
import { planRosterChanges, type RosterPlan } from "./plan-roster-changes";
import type { RosterRow } from "./roster-csv";
import { assertInstructorRemains } from "./instructor-guard";
import { lockCourseExams } from "@/lib/exceptions/manage-exceptions";

export interface ApplyRosterChangesOptions {
  db: Db;
  actorId: string;
  courseId: string;
  rows: RosterRow[];
}

/**
 * Applies a roster import in one transaction (all of it or nothing), with an
 * audit entry per change. New people get an account without a password,
 * which they claim with the single-use link staff make for them from the
 * roster (lib/accounts/issue-account-link.ts): never through sign-up.
 */
export async function applyRosterChanges({ db, actorId, courseId, rows }: ApplyRosterChangesOptions): Promise<RosterPlan> {
  const plan = await planRosterChanges({ db, courseId, rows });
  await db.$transaction(async (tx) => {
    // A new role or section can take an exception off an exam's close and release it: never beside a grant's check.
    if (plan.changes.some((change) => change.kind === "update")) await lockCourseExams(tx, courseId);
    for (const change of plan.changes) {
      const { row } = change;
      if (change.kind === "unchanged") continue;
      let userId: string;
      if (change.kind === "add") {
        userId =
          change.existingUserId ?? (await tx.user.create({ data: { email: row.email, name: row.name || row.email, passwordHash: "" } })).id;
      } else {
        userId = change.userId;
      }
      if (change.kind === "update") {
        await tx.enrollment.update({
          where: { userId_courseId: { userId, courseId } },
          data: { role: row.role, section: row.section },
        });
      } else {
        await tx.enrollment.create({ data: { userId, courseId, role: row.role, section: row.section } });
      }
      await tx.auditLog.create({
        data: {
          actorId,
          courseId,
          action: change.kind === "update" ? "enrollment.role" : "enrollment.add",
          entityType: "Enrollment",
          entityId: `${userId}:${courseId}`,
          before: change.kind === "update" ? change.from : undefined,
          after: { email: row.email, role: row.role, section: row.section },
        },
      });
    }
    await assertInstructorRemains(tx as unknown as Db, courseId);
  });
  return plan;
}
