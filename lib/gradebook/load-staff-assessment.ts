import "server-only";
import type { Db } from "@/lib/db/client";
import { assertCourseRole, type AuthorizedUser } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import type { ProblemRow } from "@/grader/stored";
import { partWeightsOfRow } from "@/lib/problems/problem-definition";
import type { PartWeight } from "@/lib/submissions/policy";
import { rulesOf } from "@/lib/submissions/standing";

export interface LoadStaffAssessmentOptions {
  db: Db;
  /** The signed-in user; must be a TA or instructor of the assessment's course. */
  actor: AuthorizedUser;
  assessmentId: string;
}

/** A placed problem as the staff pages show it: a gradebook column. */
export interface StaffColumn {
  assessmentProblemId: string;
  slug: string;
  title: string;
  position: number;
  points: number;
  problem: ProblemRow & { title: string };
  /** Each part's id and points, from the placed version (or the bank's, when that version is gone). */
  parts: PartWeight[];
  /**
   * False when this server cannot build the placed version any more (the bank
   * moved on): scores still show, but students cannot work on it until the
   * problem is regraded to the new version.
   */
  definitionAvailable: boolean;
  /** A pooled placement's members, its own problem first (lib/pools); [] when it is one problem for everyone. */
  pool: StaffPoolMember[];
}

/** One problem of a pooled placement, with its own parts: a student who drew it is graded on those. */
export interface StaffPoolMember {
  slug: string;
  title: string;
  problem: ProblemRow & { title: string };
  parts: PartWeight[];
  definitionAvailable: boolean;
}

function poolMemberOf(problem: ProblemRow & { title: string }): StaffPoolMember {
  return { slug: problem.slug, title: problem.title, problem, ...partWeightsOfRow(problem) };
}

/** A pooled column as one member's: that member's problem, title and parts (the column itself when `memberSlug` is no member). */
export function memberColumn(column: StaffColumn, memberSlug: string | undefined): StaffColumn {
  const member = memberSlug === undefined ? undefined : column.pool.find((m) => m.slug === memberSlug);
  return member ? { ...column, ...member } : column;
}

const problemSelect = { id: true, slug: true, version: true, source: true, definition: true, title: true } as const;

/**
 * The start of every staff request about an assessment: the assessment with
 * its placed problems, after checking on the server that the actor is a TA
 * or instructor of its course (FORBIDDEN otherwise; NOT_FOUND when there is
 * no such assessment). Staff see drafts too.
 */
export async function loadStaffAssessment({ db, actor, assessmentId }: LoadStaffAssessmentOptions) {
  const assessment = await db.assessment.findUnique({
    where: { id: assessmentId },
    include: {
      course: { select: { id: true, title: true, slug: true, timeZone: true } },
      problems: {
        orderBy: { position: "asc" },
        include: {
          problem: { select: problemSelect },
          poolMembers: { orderBy: { position: "asc" }, select: { problem: { select: problemSelect } } },
        },
      },
    },
  });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  const role = assertCourseRole(actor, assessment.courseId, STAFF_ROLES);
  const columns: StaffColumn[] = assessment.problems.map((placement) => ({
    assessmentProblemId: placement.id,
    slug: placement.problem.slug,
    title: placement.problem.title,
    position: placement.position,
    points: placement.points,
    problem: placement.problem,
    ...partWeightsOfRow(placement.problem),
    pool: placement.poolMembers.length === 0 ? [] : [placement.problem, ...placement.poolMembers.map((m) => m.problem)].map(poolMemberOf),
  }));
  return { assessment, role, rules: rulesOf(assessment), columns };
}

export type StaffAssessment = Awaited<ReturnType<typeof loadStaffAssessment>>;

/** The column of a placed problem, or NOT_FOUND when it is not in this assessment. */
export function findColumn(columns: readonly StaffColumn[], assessmentProblemId: string): StaffColumn {
  const column = columns.find((c) => c.assessmentProblemId === assessmentProblemId);
  if (!column) throw new AppError("NOT_FOUND", "That problem is not placed in this assessment.");
  return column;
}

/**
 * The column of a placed problem as one pool member's (`member`, a slug; by
 * default the pool's first), for the pages that work per member: analytics
 * and regrading. NOT_FOUND when `member` is not in the placement's pool.
 */
export function findMemberColumn(columns: readonly StaffColumn[], assessmentProblemId: string, member?: string): StaffColumn {
  const placed = findColumn(columns, assessmentProblemId);
  const column = placed.pool.length === 0 ? placed : memberColumn(placed, member ?? placed.pool[0].slug);
  if (member !== undefined && column.slug !== member) throw new AppError("NOT_FOUND", `${member} is not in this problem's pool.`);
  return column;
}
