import "server-only";
import type { Db, Role } from "@/lib/db/client";
import { isStaffRole } from "@/lib/auth/roles";

export interface AssessmentSummary {
  id: string;
  slug: string;
  title: string;
  dueAt: Date | null;
  /** Before this students see only that it exists and when it opens. */
  opensAt: Date | null;
  timeLimitMinutes: number | null;
  published: boolean;
  problemCount: number;
}

export interface CourseSummary {
  id: string;
  slug: string;
  title: string;
  term: string;
  /** The course's IANA zone (lib/dates): its dates are shown in the viewer's zone with this one beside it. */
  timeZone: string;
  role: Role;
  assessments: AssessmentSummary[];
}

export interface ListCoursesForUserOptions {
  db: Db;
  userId: string;
  /** Only courses where the user holds one of these roles. */
  roles?: readonly Role[];
}

/**
 * The user's courses with their assessments, in one query. Students see only
 * published assessments; staff see drafts too.
 */
export async function listCoursesForUser({ db, userId, roles }: ListCoursesForUserOptions): Promise<CourseSummary[]> {
  const enrollments = await db.enrollment.findMany({
    where: { userId, ...(roles ? { role: { in: [...roles] } } : {}) },
    orderBy: { course: { title: "asc" } },
    select: {
      role: true,
      course: {
        select: {
          id: true,
          slug: true,
          title: true,
          term: true,
          timeZone: true,
          assessments: {
            orderBy: [{ position: "asc" }, { title: "asc" }],
            select: {
              id: true,
              slug: true,
              title: true,
              dueAt: true,
              opensAt: true,
              timeLimitMinutes: true,
              published: true,
              _count: { select: { problems: true } },
            },
          },
        },
      },
    },
  });
  return enrollments.map(({ role, course }) => ({
    id: course.id,
    slug: course.slug,
    title: course.title,
    term: course.term,
    timeZone: course.timeZone,
    role,
    assessments: course.assessments
      .filter((assessment) => assessment.published || isStaffRole(role))
      .map(({ _count, ...assessment }) => ({ ...assessment, problemCount: _count.problems })),
  }));
}
