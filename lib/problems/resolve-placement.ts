import "server-only";
import type { Db, Role } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";

export interface ResolvePlacementOptions {
  db: Db;
  userId: string;
  slug: string;
  /** Which assessment, when the problem is placed in several of the user's assessments. */
  assessmentId?: string;
}

const placementInclude = {
  problem: { select: { id: true, slug: true, version: true, source: true, definition: true, title: true } },
  assessment: {
    select: {
      id: true,
      title: true,
      courseId: true,
      published: true,
      dueAt: true,
      attemptLimit: true,
      latePenaltyPerDay: true,
      lateCutoffAt: true,
      scoringPolicy: true,
      revealPolicy: true,
    },
  },
} as const;

/**
 * The placed problem a user works on, checked against their enrolments:
 * members of the assessment's course only, and students only in published
 * assessments. Anything else is NOT_FOUND, so that a student cannot tell
 * another course's assessments from missing ones.
 */
export async function resolvePlacement({ db, userId, slug, assessmentId }: ResolvePlacementOptions) {
  const enrollments = await db.enrollment.findMany({ where: { userId }, select: { courseId: true, role: true } });
  const roleIn = new Map<string, Role>(enrollments.map((e) => [e.courseId, e.role]));
  const placements = await db.assessmentProblem.findMany({
    where: {
      problem: { slug },
      assessment: { courseId: { in: [...roleIn.keys()] }, ...(assessmentId ? { id: assessmentId } : {}) },
    },
    include: placementInclude,
    orderBy: { assessment: { createdAt: "asc" } },
  });
  const visible = placements.filter((p) => p.assessment.published || isStaffRole(roleIn.get(p.assessment.courseId)!));
  if (visible.length === 0) {
    throw new AppError("NOT_FOUND", `There is no problem "${slug}" in your assessments${assessmentId ? " for that assessment" : ""}.`);
  }
  if (visible.length > 1) {
    throw new AppError(
      "INVALID_INPUT",
      `Problem "${slug}" is in several of your assessments; say which with ?assessmentId=.`,
      { assessmentIds: visible.map((p) => p.assessment.id) },
    );
  }
  const [placement] = visible;
  return { placement, role: roleIn.get(placement.assessment.courseId)! };
}

export type ResolvedPlacement = Awaited<ReturnType<typeof resolvePlacement>>["placement"];
