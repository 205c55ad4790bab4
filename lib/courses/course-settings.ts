import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import type { CourseSettings } from "./requests";

export interface CourseSettingsView {
  id: string;
  title: string;
  term: string;
  timeZone: string;
}

const SELECT = { id: true, title: true, term: true, timeZone: true } as const;

/** A course's settings, as staff read them. */
export async function getCourseSettings({ db, courseId }: { db: Db; courseId: string }): Promise<CourseSettingsView> {
  const course = await db.course.findUnique({ where: { id: courseId }, select: SELECT });
  if (!course) throw new AppError("NOT_FOUND", "There is no such course.");
  return course;
}

export interface UpdateCourseSettingsOptions {
  db: Db;
  actorId: string;
  courseId: string;
  /** Already parsed by courseSettingsSchema (a canonical zone name). */
  settings: CourseSettings;
}

/**
 * Changes the course's time zone. Stored instants do not move: a due date
 * entered as 17:00 New York stays that instant, and reads 22:00 if the course
 * moves to London. Audited as course.settings with the zone before and after.
 */
export async function updateCourseSettings({ db, actorId, courseId, settings }: UpdateCourseSettingsOptions): Promise<CourseSettingsView> {
  return db.$transaction(async (tx) => {
    const before = await tx.course.findUnique({ where: { id: courseId }, select: SELECT });
    if (!before) throw new AppError("NOT_FOUND", "There is no such course.");
    const after = await tx.course.update({ where: { id: courseId }, data: { timeZone: settings.timeZone }, select: SELECT });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId,
        action: "course.settings",
        entityType: "Course",
        entityId: courseId,
        before: { timeZone: before.timeZone },
        after: { timeZone: after.timeZone },
      },
    });
    return after;
  });
}
