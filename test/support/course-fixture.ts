// A course with one assessment placing bank problems, and users in given
// roles: the starting point of the submission and gradebook tests.
import type { Db } from "@/lib/db/client";
import { getBankProblem, bankPath } from "@/grader/bank";

export interface CourseFixtureOptions {
  slugs?: string[];
  assessment?: Partial<{
    published: boolean;
    dueAt: Date | null;
    attemptLimit: number | null;
    latePenaltyPerDay: number;
    lateCutoffAt: Date | null;
    scoringPolicy: "BEST" | "LAST" | "BEST_PER_PART";
    feedbackMode: "PRACTICE" | "HOMEWORK" | "EXAM";
    handoutNumbers: boolean;
    revealPolicy: "NEVER" | "AFTER_DUE" | "AFTER_LAST_ATTEMPT" | "AFTER_DUE_OR_LAST_ATTEMPT";
    opensAt: Date | null;
    timeLimitMinutes: number | null;
  }>;
}

let counter = 0;

/** A bank problem's row for its current version, created once per database. */
export async function bankProblemRow(db: Db, slug: string) {
  const problem = getBankProblem(slug);
  return db.problem.upsert({
    where: { slug_version: { slug, version: problem.version } },
    update: {},
    create: { slug, version: problem.version, title: problem.title, source: "BANK", definition: { bank: bankPath(slug) } },
  });
}

export async function createCourseFixture(db: Db, options: CourseFixtureOptions = {}) {
  const id = `${Date.now()}-${counter++}`;
  const course = await db.course.create({ data: { slug: `course-${id}`, title: `Course ${id}` } });
  const assessment = await db.assessment.create({
    data: {
      courseId: course.id,
      slug: "a",
      title: "Assessment",
      published: true,
      dueAt: null,
      attemptLimit: null,
      latePenaltyPerDay: 0,
      scoringPolicy: "BEST",
      revealPolicy: "NEVER",
      ...options.assessment,
    },
  });
  const placements = [];
  for (const [position, slug] of (options.slugs ?? ["nn-backprop"]).entries()) {
    const problem = await bankProblemRow(db, slug);
    placements.push(
      await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: problem.id, position, points: 10 } }),
    );
  }
  const addUser = async (role: "STUDENT" | "TA" | "INSTRUCTOR", name = role.toLowerCase()) => {
    const user = await db.user.create({ data: { email: `${name}-${id}-${counter++}@x.test`, name, passwordHash: "x" } });
    await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role } });
    return user;
  };
  return { course, assessment, placements, addUser };
}
