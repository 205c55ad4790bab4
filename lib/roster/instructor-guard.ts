import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** A course always keeps an instructor: otherwise nobody could manage it any more. */
export async function assertInstructorRemains(db: Db, courseId: string): Promise<void> {
  const instructors = await db.enrollment.count({ where: { courseId, role: "INSTRUCTOR" } });
  if (instructors === 0) {
    throw new AppError("CONFLICT", "A course needs at least one instructor: make someone else instructor first.");
  }
}
