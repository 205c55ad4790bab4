// Demo data for a new installation: one course with an assessment per
// problem set of the bank (Section 07 first) and one account per role. Idempotent: every row is found by its
// natural key and created only when missing, so running it again (every
// `npm start`) never changes or duplicates what is there, including edits an
// instructor made since.
//
// No "server-only" import: this runs under plain Node (prisma/seed.ts).
import { randomBytes } from "node:crypto";
import type { Db, Role } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { PROBLEM_SETS, bankPath, getBankProblem, type ProblemSet } from "@/grader/bank";

export const DEMO_COURSE_SLUG = "ml-demo";
/** The first demo assessment, which most tests and the README's tour use. */
export const DEMO_ASSESSMENT_SLUG = "section-07";

/** The demo accounts README lists. Their passwords are public: see README. */
export const DEMO_ACCOUNTS: readonly { email: string; password: string; name: string; role: Role }[] = [
  { email: "student@chainrule.test", password: "demo-student-pass", name: "Sam Student", role: "STUDENT" },
  { email: "ta@chainrule.test", password: "demo-ta-pass", name: "Tara Assistant", role: "TA" },
  { email: "instructor@chainrule.test", password: "demo-instructor-pass", name: "Ines Instructor", role: "INSTRUCTOR" },
];

/** A set's problems in the handout's order; a placement is worth the sum of the problem's part points. */
export function demoPlacements(set: ProblemSet) {
  return set.problems.map((problem) => ({
    slug: problem.slug,
    version: problem.version,
    title: problem.title,
    points: problem.parts.reduce((sum, part) => sum + part.points, 0),
  }));
}

/**
 * A short quiz after the sets whose one placement is a question pool: each
 * student is given one of Section 07's first three problems (lib/pools).
 */
export const DEMO_POOL_QUIZ = {
  slug: "pool-quiz",
  title: "Quiz: one problem drawn for you",
  description: "A question pool: each student gets one of three Section 07 problems, drawn for them; neighbours get different ones.",
  pool: ["chain-rule", "nn-backprop", "zero-init"],
  points: 10,
} as const;

/** The sets the demo course gets an assessment of, in course order. */
export const DEMO_SETS = PROBLEM_SETS.filter((set) => set.demo);

const DAY_MS = 24 * 60 * 60 * 1000;
/** Each later set is due a week after the one before. */
const WEEK_DAYS = 7;

export interface SeedSummary {
  created: string[];
}

export async function seedDemo(db: Db, now: Date = new Date()): Promise<SeedSummary> {
  const created: string[] = [];

  let course = await db.course.findUnique({ where: { slug: DEMO_COURSE_SLUG } });
  if (!course) {
    course = await db.course.create({
      data: {
        slug: DEMO_COURSE_SLUG,
        title: "Deep Learning (demo course)",
        term: "Demo term",
        inviteCode: randomBytes(12).toString("base64url"),
      },
    });
    created.push(`course ${course.slug}`);
  }

  for (const account of DEMO_ACCOUNTS) {
    let user = await db.user.findUnique({ where: { email: account.email } });
    if (!user) {
      user = await db.user.create({
        data: { email: account.email, name: account.name, passwordHash: await hashPassword(account.password) },
      });
      created.push(`user ${account.email}`);
    }
    const enrolled = await db.enrollment.findUnique({ where: { userId_courseId: { userId: user.id, courseId: course.id } } });
    if (!enrolled) {
      await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role: account.role, section: "A" } });
      created.push(`enrollment ${account.email} as ${account.role}`);
    }
  }

  for (const [position, set] of DEMO_SETS.entries()) {
    await seedAssessment(db, course.id, set, position, new Date(now.getTime() + (14 + WEEK_DAYS * position) * DAY_MS), created);
  }
  await seedPoolQuiz(db, course.id, DEMO_SETS.length, new Date(now.getTime() + 14 * DAY_MS), created);

  return { created };
}

/** The set's assessment and its placements, each created only when missing. */
async function seedAssessment(db: Db, courseId: string, set: ProblemSet, position: number, dueAt: Date, created: string[]) {
  let assessment = await db.assessment.findUnique({ where: { courseId_slug: { courseId, slug: set.slug } } });
  if (!assessment) {
    assessment = await db.assessment.create({
      data: {
        courseId,
        slug: set.slug,
        title: set.title,
        description: set.description,
        position,
        published: true,
        dueAt,
        attemptLimit: 5,
        latePenaltyPerDay: 0.1,
        scoringPolicy: "BEST",
        revealPolicy: "AFTER_DUE",
        // Homework: guessing a shape (Section 07's 1(a) and 2.1 test the order and the transposes) uses an attempt.
        feedbackMode: "HOMEWORK",
      },
    });
    created.push(`assessment ${assessment.slug}`);
  }

  for (const [placement, problem] of demoPlacements(set).entries()) {
    const row = await seedBankProblem(db, problem, created);
    const placed = await db.assessmentProblem.findFirst({ where: { assessmentId: assessment.id, problem: { slug: problem.slug } } });
    if (!placed) {
      await db.assessmentProblem.create({
        data: { assessmentId: assessment.id, problemId: row.id, position: placement, points: problem.points },
      });
      created.push(`placement ${problem.slug} in ${assessment.slug}`);
    }
  }
}

/** A bank problem's row for its current version, created when missing. */
async function seedBankProblem(db: Db, problem: { slug: string; version: number; title: string }, created: string[]) {
  const row = await db.problem.findUnique({ where: { slug_version: { slug: problem.slug, version: problem.version } } });
  if (row) return row;
  created.push(`problem ${problem.slug}@${problem.version}`);
  return db.problem.create({
    data: {
      slug: problem.slug,
      version: problem.version,
      title: problem.title,
      source: "BANK",
      definition: { bank: bankPath(problem.slug) },
    },
  });
}

/** The pool quiz, its placement and its pool, each created only when missing. */
async function seedPoolQuiz(db: Db, courseId: string, position: number, dueAt: Date, created: string[]) {
  const quiz = DEMO_POOL_QUIZ;
  let assessment = await db.assessment.findUnique({ where: { courseId_slug: { courseId, slug: quiz.slug } } });
  if (!assessment) {
    assessment = await db.assessment.create({
      data: {
        courseId,
        slug: quiz.slug,
        title: quiz.title,
        description: quiz.description,
        position,
        published: true,
        dueAt,
        attemptLimit: 3,
        revealPolicy: "AFTER_DUE",
        feedbackMode: "HOMEWORK",
      },
    });
    created.push(`assessment ${assessment.slug}`);
  }
  const [own, ...others] = await Promise.all(
    quiz.pool.map((slug) => {
      const problem = getBankProblem(slug);
      return seedBankProblem(db, { slug, version: problem.version, title: problem.title }, created);
    }),
  );
  const placement =
    (await db.assessmentProblem.findFirst({ where: { assessmentId: assessment.id, position: 0 } })) ??
    (await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: own.id, position: 0, points: quiz.points } }));
  if (placement.problemId !== own.id) return; // an instructor changed the quiz: leave it as they made it
  if ((await db.placementPoolMember.count({ where: { assessmentProblemId: placement.id } })) > 0) return;
  await db.placementPoolMember.createMany({
    data: others.map((problem, i) => ({ assessmentProblemId: placement.id, problemId: problem.id, position: i + 1 })),
  });
  created.push(`pool of ${quiz.pool.join(", ")} in ${assessment.slug}`);
}
