import "server-only";
import type { Db, Role } from "@/lib/db/client";
import type { RosterRow } from "./roster-csv";

export type RosterChange =
  /** A new account (who signs up later through the invite link with this email) and an enrolment. */
  | { kind: "create-account"; row: RosterRow }
  /** An existing account, not yet in the course. */
  | { kind: "enrol"; row: RosterRow; userId: string }
  /** Already enrolled: a different role or section. */
  | { kind: "update"; row: RosterRow; userId: string; from: { role: Role; section: string } }
  | { kind: "unchanged"; row: RosterRow; userId: string };

export interface RosterPlan {
  changes: RosterChange[];
  counts: Record<RosterChange["kind"], number>;
}

export interface PlanRosterChangesOptions {
  db: Db;
  courseId: string;
  rows: RosterRow[];
}

/** What importing these rows would change, without changing anything: the dry run the page shows first. */
export async function planRosterChanges({ db, courseId, rows }: PlanRosterChangesOptions): Promise<RosterPlan> {
  const users = await db.user.findMany({
    where: { email: { in: rows.map((row) => row.email) } },
    select: { id: true, email: true, enrollments: { where: { courseId }, select: { role: true, section: true } } },
  });
  const byEmail = new Map(users.map((user) => [user.email, user]));
  const changes = rows.map((row): RosterChange => {
    const user = byEmail.get(row.email);
    if (!user) return { kind: "create-account", row };
    const enrollment = user.enrollments[0];
    if (!enrollment) return { kind: "enrol", row, userId: user.id };
    const section = row.section || enrollment.section;
    if (enrollment.role !== row.role || enrollment.section !== section) {
      return { kind: "update", row: { ...row, section }, userId: user.id, from: enrollment };
    }
    return { kind: "unchanged", row, userId: user.id };
  });
  const counts = { "create-account": 0, enrol: 0, update: 0, unchanged: 0 };
  for (const change of changes) counts[change.kind]++;
  return { changes, counts };
}
