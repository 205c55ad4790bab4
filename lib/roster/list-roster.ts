import "server-only";
import type { Db, Role } from "@/lib/db/client";

export interface RosterEntry {
  userId: string;
  name: string;
  email: string;
  role: Role;
  section: string;
}

export interface ListRosterOptions {
  db: Db;
  courseId: string;
}

/** Everyone enrolled in a course, staff first, then by name. Staff-only data. */
export async function listRoster({ db, courseId }: ListRosterOptions): Promise<RosterEntry[]> {
  const enrollments = await db.enrollment.findMany({
    where: { courseId },
    select: { role: true, section: true, user: { select: { id: true, name: true, email: true } } },
  });
  const roleOrder: Record<Role, number> = { INSTRUCTOR: 0, TA: 1, STUDENT: 2 };
  return enrollments
    .map(({ role, section, user }) => ({ userId: user.id, name: user.name, email: user.email, role, section }))
    .sort((a, b) => roleOrder[a.role] - roleOrder[b.role] || a.name.localeCompare(b.name));
}
