// A large course for the gradebook benchmark (scripts/bench/gradebook.ts):
// by default 1,000 students in 10 sections × an assessment of 30 placed
// problems (the four Section 07 bank problems, placed again and again), with
// a variant per student and problem, 1–3 graded submissions on most of them
// and an override on about 2 % of the cells. Options add what the gradebook's
// tests need on a small course: the LAST policy, part overrides (some hidden
// by a newer whole-problem override) and "twins" whose equal work ties.
//
// Submissions hold real grader output: for a few seeds per problem, answer
// sets are drawn from each part's own sample answers (right and wrong, so
// wrong ones carry fingerprints and known mistakes), graded once with the
// grader, and reused, so seeding takes seconds rather than grading 50,000
// submissions one by one.
//
// Run alone: `npx tsx --conditions=react-server test/harness/seed-gradebook-bench.ts`
// seeds a new course into the database named by DATABASE_PROVIDER /
// DATABASE_URL. (The react-server condition lets plain Node load lib/'s
// server-only modules, as the Next.js server does.)
import "dotenv/config";
import { createRng } from "../../grader/autograd";
import { BANK, bankPath } from "../../grader/bank";
import { buildVariant, gradeSubmission, type Answers } from "../../grader/problems";
import type { Db, Prisma } from "../../lib/db/client";
import { storedResults } from "../../lib/submissions/stored-part-results";

export interface SeedGradebookBenchOptions {
  students?: number;
  problems?: number;
  sections?: number;
  /** Distinct variant seeds per problem: each is built and graded once. */
  seedsPerProblem?: number;
  /** Answer sets graded per (problem, seed). */
  answerSetsPerSeed?: number;
  /** The RNG's seed: the same options give the same data. */
  seed?: number;
  scoringPolicy?: "BEST" | "LAST";
  /**
   * Share of opened cells that also get a part override; one in three of
   * those then gets a newer whole-problem override on top. 0 by default, so
   * the benchmark's data stay as they were.
   */
  partOverrideShare?: number;
  /** The last `twins` students copy the work and overrides of the first ones: equal totals, told apart by name. */
  twins?: number;
}

export interface SeededGradebook {
  courseId: string;
  assessmentId: string;
  taId: string;
  students: number;
  placements: number;
  submissions: number;
  overrides: number;
}

const INSERT_CHUNK = 2_000;

export async function seedGradebookBench(db: Db, options: SeedGradebookBenchOptions = {}): Promise<SeededGradebook> {
  const {
    students = 1_000,
    problems = 30,
    sections = 10,
    seedsPerProblem = 6,
    answerSetsPerSeed = 6,
    seed = 7,
    scoringPolicy = "BEST",
    partOverrideShare = 0,
    twins = 0,
  } = options;
  if (twins > students / 2) throw new Error(`twins (${twins}) must be at most half of the students (${students}).`);
  const rng = createRng(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rng.uniform() * items.length)];
  const tag = `${Date.now().toString(36)}`;

  const course = await db.course.create({ data: { slug: `bench-${tag}`, title: `Benchmark course (${students} students)` } });
  const assessment = await db.assessment.create({
    data: {
      courseId: course.id,
      slug: "bench",
      title: `Benchmark: ${problems} problems`,
      published: true,
      dueAt: new Date("2026-11-15T12:00:00Z"),
      latePenaltyPerDay: 0.1,
      attemptLimit: 5,
      scoringPolicy,
    },
  });
  const ta = await db.user.create({ data: { email: `ta-${tag}@bench.test`, name: "Bench TA", passwordHash: "x" } });
  await db.enrollment.create({ data: { userId: ta.id, courseId: course.id, role: "TA" } });

  // Problem rows (shared by every course) and the graded answer pool per (problem, seed).
  const pool = new Map<
    string,
    { problemId: string; partIds: string[]; sets: { answers: Answers; score: number; partResults: Prisma.InputJsonValue }[] }
  >();
  const problemRows = [];
  for (const { problem } of BANK) {
    const row = await db.problem.upsert({
      where: { slug_version: { slug: problem.slug, version: problem.version } },
      update: {},
      create: {
        slug: problem.slug,
        version: problem.version,
        title: problem.title,
        source: "BANK",
        definition: { bank: bankPath(problem.slug) },
      },
    });
    problemRows.push({ row, problem });
    for (let s = 1; s <= seedsPerProblem; s++) {
      const variant = buildVariant(problem, s);
      const params = variant.params;
      const sets = [];
      for (let a = 0; a < answerSetsPerSeed; a++) {
        const answers: Answers = {};
        for (const part of problem.parts) {
          const examples = part.examples(params);
          const roll = rng.uniform();
          if (roll < 0.1) continue; // left out
          const choices = roll < 0.6 || examples.wrong.length === 0 ? examples.correct : examples.wrong;
          if (choices.length > 0) answers[part.id] = pick(choices) as Answers[string];
        }
        const grade = gradeSubmission(variant, answers);
        const partResults = storedResults(grade);
        sets.push({ answers, score: grade.score, partResults: partResults as unknown as Prisma.InputJsonValue });
      }
      pool.set(`${problem.slug}:${s}`, { problemId: row.id, partIds: problem.parts.map((p) => p.id), sets });
    }
  }

  const placements: { id: string; slug: string }[] = [];
  for (let position = 0; position < problems; position++) {
    const { row, problem } = problemRows[position % problemRows.length];
    placements.push({
      ...(await db.assessmentProblem.create({
        data: { assessmentId: assessment.id, problemId: row.id, position, points: problem.parts.reduce((sum, p) => sum + p.points, 0) },
      })),
      slug: problem.slug,
    });
  }

  const users = Array.from({ length: students }, (_, i) => ({
    email: `student-${String(i).padStart(5, "0")}-${tag}@bench.test`,
    name: `${pick(FIRST_NAMES)} ${pick(LAST_NAMES)} ${i}`,
    passwordHash: "x",
  }));
  await insertChunks(users, (chunk) => db.user.createMany({ data: chunk }));
  const userRows = await db.user.findMany({
    where: { email: { endsWith: `-${tag}@bench.test`, startsWith: "student-" } },
    select: { id: true },
  });
  await insertChunks(
    userRows.map((u, i) => ({ userId: u.id, courseId: course.id, role: "STUDENT" as const, section: `S${(i % sections) + 1}` })),
    (chunk) => db.enrollment.createMany({ data: chunk }),
  );

  // Ids chosen here (cuid-like, unique per run) so that submissions can point at their variants without reading them back.
  let counter = 0;
  const newId = () => `b${tag}${(counter++).toString(36).padStart(8, "0")}`;
  const variants: Prisma.VariantCreateManyInput[] = [];
  const submissions: Prisma.SubmissionCreateManyInput[] = [];
  const overrides: Prisma.ScoreOverrideCreateManyInput[] = [];
  const onTime = new Date("2026-11-10T12:00:00Z");
  const late = new Date("2026-11-16T09:00:00Z");
  const partOverrideAt = new Date("2026-11-20T09:00:00Z");
  const wholeOverOverrideAt = new Date("2026-11-21T09:00:00Z");
  // Each student's work is drawn as a plan first, so that a twin can repeat it.
  const plans: CellPlan[][] = [];
  const firstTwin = userRows.length - twins;
  for (const [u, user] of userRows.entries()) {
    const plan = u >= firstTwin ? plans[u - firstTwin] : drawPlan();
    plans.push(plan);
    for (const cell of plan) {
      const { problemId, sets } = pool.get(`${cell.placement.slug}:${cell.variantSeed}`)!;
      const variantId = newId();
      variants.push({ id: variantId, userId: user.id, assessmentProblemId: cell.placement.id, problemId, seed: cell.variantSeed });
      for (const [index, { setIndex, isLate }] of cell.attempts.entries()) {
        const set = sets[setIndex];
        submissions.push({
          id: newId(),
          variantId,
          userId: user.id,
          assessmentProblemId: cell.placement.id,
          problemId,
          attempt: index + 1,
          answers: set.answers as Prisma.InputJsonValue,
          score: set.score * (isLate ? 0.9 : 1),
          partResults: set.partResults,
          late: isLate,
          latePenalty: isLate ? 0.1 : 0,
          submittedAt: isLate ? late : onTime,
        });
      }
      const cellOverride = { userId: user.id, assessmentProblemId: cell.placement.id, createdById: ta.id };
      if (cell.wholeOverride) overrides.push({ ...cellOverride, partId: "", score: 1, comment: "Benchmark override." });
      if (cell.partOverride) {
        const { partId, score } = cell.partOverride;
        overrides.push({ ...cellOverride, partId, score, comment: "Part marked by hand.", createdAt: partOverrideAt });
        if (cell.partOverride.hiddenByScore !== undefined) {
          overrides.push({
            ...cellOverride,
            partId: "",
            score: cell.partOverride.hiddenByScore,
            comment: "Whole problem re-marked.",
            createdAt: wholeOverOverrideAt,
          });
        }
      }
    }
  }

  // The draws, in the order the first version of this seeder made them (so its data are unchanged), then the optional ones.
  function drawPlan(): CellPlan[] {
    const plan: CellPlan[] = [];
    for (const placement of placements) {
      if (rng.uniform() < 0.1) continue; // never opened
      const variantSeed = 1 + Math.floor(rng.uniform() * seedsPerProblem);
      const { sets, partIds } = pool.get(`${placement.slug}:${variantSeed}`)!;
      const attemptCount = rng.uniform() < 0.15 ? 0 : 1 + Math.floor(rng.uniform() * 3);
      const attempts = Array.from({ length: attemptCount }, () => {
        const setIndex = Math.floor(rng.uniform() * sets.length);
        return { setIndex, isLate: rng.uniform() < 0.05 };
      });
      const cell: CellPlan = { placement, variantSeed, attempts, wholeOverride: rng.uniform() < 0.02 };
      if (partOverrideShare > 0 && rng.uniform() < partOverrideShare) {
        const partId = pick(partIds);
        const score = Math.round(rng.uniform() * 20) / 20;
        cell.partOverride = { partId, score, ...(rng.uniform() < 1 / 3 ? { hiddenByScore: Math.round(rng.uniform() * 20) / 20 } : {}) };
      }
      plan.push(cell);
    }
    return plan;
  }

  await insertChunks(variants, (chunk) => db.variant.createMany({ data: chunk }));
  await insertChunks(submissions, (chunk) => db.submission.createMany({ data: chunk }));
  await insertChunks(overrides, (chunk) => db.scoreOverride.createMany({ data: chunk }));

  return {
    courseId: course.id,
    assessmentId: assessment.id,
    taId: ta.id,
    students,
    placements: placements.length,
    submissions: submissions.length,
    overrides: overrides.length,
  };
}

interface CellPlan {
  placement: { id: string; slug: string };
  variantSeed: number;
  attempts: { setIndex: number; isLate: boolean }[];
  wholeOverride: boolean;
  partOverride?: { partId: string; score: number; hiddenByScore?: number };
}

async function insertChunks<T>(rows: readonly T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) await insert(rows.slice(i, i + INSERT_CHUNK));
}

const FIRST_NAMES = [
  "Ada",
  "Ben",
  "Chloé",
  "Dmitri",
  "Eun-ji",
  "Farah",
  "Gustavo",
  "Hana",
  "Ife",
  "Jonas",
  "Kavya",
  "Luca",
  "Mei",
  "Noor",
  "Óscar",
  "Priya",
];
const LAST_NAMES = [
  "Okafor",
  "Smith",
  "Müller",
  "Nguyen",
  "García",
  "Kowalski",
  "Tanaka",
  "Haddad",
  "O'Brien",
  "Rossi",
  "Singh",
  "Andersson",
];

async function main() {
  const { createDb } = await import("../../lib/db/client");
  const { databaseTarget } = await import("../../lib/db/provider");
  const db = createDb(databaseTarget());
  try {
    const started = performance.now();
    const seeded = await seedGradebookBench(db);
    console.log(JSON.stringify({ ...seeded, seconds: Math.round(performance.now() - started) / 1000 }, null, 2));
  } finally {
    await db.$disconnect();
  }
}

if (process.argv[1]?.endsWith("gradebook-bench.ts")) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
