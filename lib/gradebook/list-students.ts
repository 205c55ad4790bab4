import "server-only";
import type { Db } from "@/lib/db/client";

export interface StudentEntry {
  userId: string;
  name: string;
  email: string;
  section: string;
}

export interface ListStudentsOptions {
  db: Db;
  courseId: string;
}

/**
 * A course's students (not its staff), in no particular order: callers sort with one collation.
 * One query on Enrollment(courseId, role).
 */
export async function listStudents({ db, courseId }: ListStudentsOptions): Promise<StudentEntry[]> {
  const enrollments = await db.enrollment.findMany({
    where: { courseId, role: "STUDENT" },
    select: { section: true, user: { select: { id: true, name: true, email: true } } },
  });
  return enrollments.map(({ section, user }) => ({ userId: user.id, name: user.name, email: user.email, section }));
}
