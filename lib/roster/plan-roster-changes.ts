import "server-only";
import type { Db, Role } from "@/lib/db/client";
import type { RosterRow } from "./roster-csv";

// What the instructor sees of a plan says only whether each email is in
// this course: "add" covers both an account that exists elsewhere on the
// platform and one that will be created, so a roster preview cannot be used
// to learn who has an account.

export type RosterChange =
  /**
   * Not in the course yet: enrolled, with an account made for them when the
   * email has none (existingUserId null). A made account has no password:
   * its owner claims it with a link staff make from the roster (lib/accounts/).
   */
  | { kind: "add"; row: RosterRow; existingUserId: string | null }
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
    const enrollment = user?.enrollments[0];
    if (!user || !enrollment) return { kind: "add", row, existingUserId: user?.id ?? null };
    const section = row.section || enrollment.section;
    if (enrollment.role !== row.role || enrollment.section !== section) {
      return { kind: "update", row: { ...row, section }, userId: user.id, from: enrollment };
    }
    return { kind: "unchanged", row, userId: user.id };
  });
  const counts = { add: 0, update: 0, unchanged: 0 };
  for (const change of changes) counts[change.kind]++;
  return { changes, counts };
}
