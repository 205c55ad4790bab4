// Demo data for a new installation: one course with the Section 07
// assessment and one account per role. Idempotent: every row is found by its
// natural key and created only when missing, so running it again (every
// `npm start`) never changes or duplicates what is there, including edits an
// instructor made since.
//
// No "server-only" import: this runs under plain Node (prisma/seed.ts).
import { randomBytes } from "node:crypto";
import type { Db, Role } from "@/lib/db/client";
import { hashPassword } from "@/lib/auth/password";
import { BANK, bankPath } from "@/grader/bank";

export const DEMO_COURSE_SLUG = "ml-demo";
export const DEMO_ASSESSMENT_SLUG = "section-07";

/** The demo accounts README lists. Their passwords are public: see README. */
export const DEMO_ACCOUNTS: readonly { email: string; password: string; name: string; role: Role }[] = [
  { email: "student@chainrule.test", password: "demo-student-pass", name: "Sam Student", role: "STUDENT" },
  { email: "ta@chainrule.test", password: "demo-ta-pass", name: "Tara Assistant", role: "TA" },
  { email: "instructor@chainrule.test", password: "demo-instructor-pass", name: "Ines Instructor", role: "INSTRUCTOR" },
];

/** The Section 07 problems of the bank, in the handout's order; a placement is worth the sum of the problem's part points. */
export const SECTION_07_PROBLEMS = BANK.filter((entry) => entry.set === "section-07").map(({ problem }) => ({
  slug: problem.slug,
  version: problem.version,
  title: problem.title,
  points: problem.parts.reduce((sum, part) => sum + part.points, 0),
}));

const DAY_MS = 24 * 60 * 60 * 1000;

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

  let assessment = await db.assessment.findUnique({
    where: { courseId_slug: { courseId: course.id, slug: DEMO_ASSESSMENT_SLUG } },
  });
  if (!assessment) {
    assessment = await db.assessment.create({
      data: {
        courseId: course.id,
        slug: DEMO_ASSESSMENT_SLUG,
        title: "Section 07: backpropagation, initialisation and CNN shapes",
        description: "The chain rule, gradients of a one-hidden-layer network, zero initialisation, and CNN shapes.",
        published: true,
        dueAt: new Date(now.getTime() + 14 * DAY_MS),
        attemptLimit: 5,
        latePenaltyPerDay: 0.1,
        scoringPolicy: "BEST",
        revealPolicy: "AFTER_DUE",
        // Wrong order and missing transposes are what 1(a) and 2.1 test: guessing them uses an attempt.
        feedbackMode: "HOMEWORK",
      },
    });
    created.push(`assessment ${assessment.slug}`);
  }

  for (const [position, problem] of SECTION_07_PROBLEMS.entries()) {
    let row = await db.problem.findUnique({ where: { slug_version: { slug: problem.slug, version: problem.version } } });
    if (!row) {
      row = await db.problem.create({
        data: {
          slug: problem.slug,
          version: problem.version,
          title: problem.title,
          source: "BANK",
          definition: { bank: bankPath(problem.slug) },
        },
      });
      created.push(`problem ${problem.slug}@${problem.version}`);
    }
    const placed = await db.assessmentProblem.findFirst({ where: { assessmentId: assessment.id, problem: { slug: problem.slug } } });
    if (!placed) {
      await db.assessmentProblem.create({
        data: { assessmentId: assessment.id, problemId: row.id, position, points: problem.points },
      });
      created.push(`placement ${problem.slug} in ${assessment.slug}`);
    }
  }

  return { created };
}
