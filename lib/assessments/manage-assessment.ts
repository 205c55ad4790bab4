import "server-only";
import type { Db, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import {
  assessmentSettingsSchema,
  placementListSchema,
  type AssessmentSettingsInput,
  type ParsedPlacements,
  type PlacementList,
} from "@/lib/assessments/requests";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { courseTimeZone } from "@/lib/courses/course-time-zone";

// Instructors' changes to assessments: create, edit settings and problems,
// publish or unpublish, duplicate. Each is one transaction with an audit
// entry. Callers check that the actor is an instructor of the course.

interface ActorOptions {
  db: Db;
  actorId: string;
}

type Tx = Prisma.TransactionClient;

function uniqueSlugError(error: unknown): never {
  if (isUniqueViolation(error)) {
    throw new AppError("CONFLICT", "Another assessment of this course already uses this slug; choose another.");
  }
  throw error;
}

/**
 * Problems a course may place: the bank, and its own authored ones. Pool
 * members are reached by their slug in students' links, so no two problems
 * of a pool, nor a pool member and another placed problem, share a slug.
 */
async function assertPlaceable(tx: Tx, courseId: string, placements: ParsedPlacements): Promise<void> {
  const ids = placements.flatMap((p) => [p.problemId, ...p.pool]);
  const rows = await tx.problem.findMany({ where: { id: { in: ids } }, select: { id: true, courseId: true, slug: true } });
  const allowed = new Map(rows.filter((row) => row.courseId === null || row.courseId === courseId).map((row) => [row.id, row.slug]));
  const missing = ids.find((id) => !allowed.has(id));
  if (missing) throw new AppError("INVALID_INPUT", `Problem ${missing} is not available to this course.`);
  if (!placements.some((p) => p.pool.length > 0)) return;
  const slugs = ids.map((id) => allowed.get(id)!);
  const repeated = slugs.find((slug, i) => slugs.indexOf(slug) !== i);
  if (repeated) throw new AppError("INVALID_INPUT", `Two versions of ${repeated} are placed; a pool needs each problem once.`);
}

/**
 * Sets the problems of an assessment, in order, with their points. A problem
 * that already has submissions cannot be taken out (its submissions would
 * go with it); reorder it or set its points instead.
 */
async function writePlacements(tx: Tx, assessmentId: string, courseId: string, placements: ParsedPlacements): Promise<void> {
  await assertPlaceable(tx, courseId, placements);
  const existing = await tx.assessmentProblem.findMany({
    where: { assessmentId },
    select: { id: true, problemId: true, _count: { select: { submissions: true } } },
  });
  const wanted = new Set(placements.map((p) => p.problemId));
  for (const placement of existing) {
    if (wanted.has(placement.problemId)) continue;
    if (placement._count.submissions > 0) {
      throw new AppError("CONFLICT", `A problem with ${placement._count.submissions} submissions cannot be removed from the assessment.`);
    }
    await tx.assessmentProblem.delete({ where: { id: placement.id } });
  }
  // Positions are unique per assessment: move the kept ones out of the way first.
  const kept = existing.filter((p) => wanted.has(p.problemId));
  for (const [i, placement] of kept.entries()) {
    await tx.assessmentProblem.update({ where: { id: placement.id }, data: { position: -1 - i } });
  }
  for (const [position, { problemId, points, pool }] of placements.entries()) {
    const current = kept.find((p) => p.problemId === problemId);
    const placementId = current
      ? (await tx.assessmentProblem.update({ where: { id: current.id }, data: { position, points } })).id
      : (await tx.assessmentProblem.create({ data: { assessmentId, problemId, position, points } })).id;
    await writePool(tx, placementId, pool);
  }
}

/**
 * Sets a placement's pool. Students keep the member they drew whatever the
 * pool becomes (lib/pools), so a member can be added at any time, but one
 * that a student has drawn cannot be removed: their work would be left on a
 * problem the assessment no longer has.
 */
async function writePool(tx: Tx, assessmentProblemId: string, pool: readonly string[]): Promise<void> {
  const existing = await tx.placementPoolMember.findMany({
    where: { assessmentProblemId },
    select: { problemId: true, problem: { select: { slug: true } } },
  });
  for (const member of existing.filter((m) => !pool.includes(m.problemId))) {
    const drawn = await tx.variant.count({ where: { assessmentProblemId, problem: { slug: member.problem.slug } } });
    if (drawn > 0) {
      throw new AppError(
        "CONFLICT",
        `${drawn} student${drawn === 1 ? " has" : "s have"} drawn ${member.problem.slug} from this pool; it cannot be removed from it.`,
      );
    }
  }
  await tx.placementPoolMember.deleteMany({ where: { assessmentProblemId } });
  await tx.placementPoolMember.createMany({ data: pool.map((problemId, i) => ({ assessmentProblemId, problemId, position: i + 1 })) });
}

export interface CreateAssessmentOptions extends ActorOptions {
  courseId: string;
  settings: AssessmentSettingsInput;
  placements?: PlacementList;
}

export async function createAssessment({ db, actorId, courseId, settings, placements = [] }: CreateAssessmentOptions) {
  const data = assessmentSettingsSchema(await courseTimeZone(db, { courseId })).parse(settings);
  const list = placementListSchema.parse(placements);
  try {
    return await db.$transaction(async (tx) => {
      const position = await tx.assessment.count({ where: { courseId } });
      const assessment = await tx.assessment.create({ data: { ...data, courseId, position, published: false } });
      await writePlacements(tx, assessment.id, courseId, list);
      await tx.auditLog.create({
        data: {
          actorId,
          courseId,
          action: "assessment.create",
          entityType: "Assessment",
          entityId: assessment.id,
          after: { title: data.title, slug: data.slug },
        },
      });
      return assessment;
    });
  } catch (error) {
    uniqueSlugError(error);
  }
}

export interface UpdateAssessmentOptions extends ActorOptions {
  assessmentId: string;
  settings: AssessmentSettingsInput;
  placements?: PlacementList;
}

export async function updateAssessment({ db, actorId, assessmentId, settings, placements }: UpdateAssessmentOptions) {
  const data = assessmentSettingsSchema(await courseTimeZone(db, { assessmentId })).parse(settings);
  const list = placements && placementListSchema.parse(placements);
  try {
    return await db.$transaction(async (tx) => {
      const before = await tx.assessment.findUniqueOrThrow({ where: { id: assessmentId } });
      const updated = await tx.assessment.update({ where: { id: assessmentId }, data });
      if (list) await writePlacements(tx, assessmentId, before.courseId, list);
      await tx.auditLog.create({
        data: {
          actorId,
          courseId: before.courseId,
          action: "assessment.update",
          entityType: "Assessment",
          entityId: assessmentId,
          before: { ...settingsSnapshot(before) },
          after: { ...settingsSnapshot(updated), ...(list ? { problems: list } : {}) },
        },
      });
      return updated;
    });
  } catch (error) {
    uniqueSlugError(error);
  }
}

function settingsSnapshot(a: {
  title: string;
  slug: string;
  opensAt: Date | null;
  dueAt: Date | null;
  lateCutoffAt: Date | null;
  timeLimitMinutes: number | null;
  attemptLimit: number | null;
  latePenaltyPerDay: number;
  scoringPolicy: string;
  revealPolicy: string;
  feedbackMode: string;
  handoutNumbers: boolean;
}) {
  return {
    title: a.title,
    slug: a.slug,
    opensAt: a.opensAt?.toISOString() ?? null,
    dueAt: a.dueAt?.toISOString() ?? null,
    lateCutoffAt: a.lateCutoffAt?.toISOString() ?? null,
    timeLimitMinutes: a.timeLimitMinutes,
    attemptLimit: a.attemptLimit,
    latePenaltyPerDay: a.latePenaltyPerDay,
    scoringPolicy: a.scoringPolicy,
    revealPolicy: a.revealPolicy,
    feedbackMode: a.feedbackMode,
    handoutNumbers: a.handoutNumbers,
  };
}

/** An assessment's settings as the staff JSON API answers with them (dates as ISO strings). */
export function assessmentSettingsJson(
  a: Parameters<typeof settingsSnapshot>[0] & { id: string; description: string; published: boolean },
) {
  return { id: a.id, ...settingsSnapshot(a), description: a.description, published: a.published };
}

export interface SetPublishedOptions extends ActorOptions {
  assessmentId: string;
  published: boolean;
}

/** Publishing shows the assessment to students; an empty one cannot be published. */
export async function setAssessmentPublished({ db, actorId, assessmentId, published }: SetPublishedOptions) {
  return db.$transaction(async (tx) => {
    const assessment = await tx.assessment.findUniqueOrThrow({
      where: { id: assessmentId },
      include: { _count: { select: { problems: true } } },
    });
    if (published && assessment._count.problems === 0) {
      throw new AppError("CONFLICT", "Add at least one problem before publishing.");
    }
    await tx.assessment.update({ where: { id: assessmentId }, data: { published } });
    await tx.auditLog.create({
      data: {
        actorId,
        courseId: assessment.courseId,
        action: published ? "assessment.publish" : "assessment.unpublish",
        entityType: "Assessment",
        entityId: assessmentId,
        before: { published: assessment.published },
        after: { published },
      },
    });
  });
}

/** A copy with the same settings and problems, unpublished, under a free slug (section-07-copy, -copy-2, …). */
export async function duplicateAssessment({ db, actorId, assessmentId }: ActorOptions & { assessmentId: string }) {
  return db.$transaction(async (tx) => {
    const source = await tx.assessment.findUniqueOrThrow({
      where: { id: assessmentId },
      include: { problems: { orderBy: { position: "asc" }, include: { poolMembers: { select: { problemId: true, position: true } } } } },
    });
    const taken = new Set(
      (await tx.assessment.findMany({ where: { courseId: source.courseId }, select: { slug: true } })).map((a) => a.slug),
    );
    let slug = `${source.slug}-copy`.slice(0, 64);
    for (let n = 2; taken.has(slug); n++) slug = `${source.slug}-copy-${n}`.slice(0, 64);
    const { id: _id, createdAt: _c, updatedAt: _u, problems, ...settings } = source;
    const copy = await tx.assessment.create({
      data: { ...settings, slug, title: `${source.title} (copy)`, published: false, position: taken.size },
    });
    for (const placement of problems) {
      const { poolMembers } = placement;
      await tx.assessmentProblem.create({
        data: {
          assessmentId: copy.id,
          problemId: placement.problemId,
          position: placement.position,
          points: placement.points,
          poolMembers: { create: poolMembers.map(({ problemId, position }) => ({ problemId, position })) },
        },
      });
    }
    await tx.auditLog.create({
      data: {
        actorId,
        courseId: source.courseId,
        action: "assessment.duplicate",
        entityType: "Assessment",
        entityId: copy.id,
        before: { from: assessmentId },
      },
    });
    return copy;
  });
}
