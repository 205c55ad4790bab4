import "server-only";
import {
  directSql,
  Prisma,
  type Db,
  type ProblemSource,
  type FeedbackMode,
  type RevealPolicy,
  type Role,
  type ScoringPolicy,
} from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";
import { ACCOUNT_GONE, assertSessionCurrent } from "@/lib/auth/session-version";

export interface ResolvePlacementOptions {
  db: Db;
  userId: string;
  slug: string;
  /** Which assessment, when the problem is placed in several of the user's assessments. */
  assessmentId?: string;
  /**
   * The session token's version (lib/auth/session-version.ts), for a request
   * made with a session: the query then matches only while it is the user's
   * current one, so an ended session is refused in the same round trip.
   */
  sessionVersion?: number;
}

export interface ResolvedPlacement {
  id: string;
  assessmentId: string;
  problemId: string;
  position: number;
  points: number;
  problem: { id: string; slug: string; version: number; source: ProblemSource; definition: unknown; title: string };
  assessment: {
    id: string;
    title: string;
    courseId: string;
    published: boolean;
    dueAt: Date | null;
    attemptLimit: number | null;
    latePenaltyPerDay: number;
    lateCutoffAt: Date | null;
    scoringPolicy: ScoringPolicy;
    revealPolicy: RevealPolicy;
    feedbackMode: FeedbackMode;
    handoutNumbers: boolean;
  };
}

/** The user's variant of the placement, if one was drawn already. */
export interface VariantRow {
  id: string;
  userId: string;
  assessmentProblemId: string;
  problemId: string;
  seed: number;
  createdAt: Date;
}

/** One row of the placement query: a placement, its problem and assessment, and the user's variant (all v_ null if none). */
interface PlacementRow {
  id: string;
  assessmentId: string;
  problemId: string;
  position: number;
  points: number;
  p_slug: string;
  p_version: number;
  p_source: ProblemSource;
  p_definition: unknown;
  p_title: string;
  a_title: string;
  a_courseId: string;
  a_published: boolean;
  a_dueAt: Date | null;
  a_attemptLimit: number | null;
  a_latePenaltyPerDay: number;
  a_lateCutoffAt: Date | null;
  a_scoringPolicy: ScoringPolicy;
  a_revealPolicy: RevealPolicy;
  a_feedbackMode: FeedbackMode;
  a_handoutNumbers: boolean;
  /** The user's role in the assessment's course (the join with Enrollment is the access check). */
  e_role: Role;
  v_id: string | null;
  v_problemId: string | null;
  v_seed: number | null;
  v_createdAt: Date | null;
}

/**
 * The placed problem a user works on, checked against their enrolments:
 * members of the assessment's course only, and students only in published
 * assessments. Anything else is NOT_FOUND, so that a student cannot tell
 * another course's assessments from missing ones.
 *
 * Every student request starts here, so it is one query: the placement,
 * its problem and assessment, the user's enrolment in its course (the
 * access check, as fresh as the request: a role change counts at once) and
 * the user's variant if drawn, joined in SQL (Prisma's `include` would make
 * one query per relation, and its relation joins do not cover SQLite). A
 * second query runs only when nothing matched, to tell a deleted account
 * from a missing problem. The student's problem routes need no roles query
 * of their own before it, one round trip fewer per submission
 * (BENCHMARKS.md, issue 9). The same SQL runs on both databases, sent to
 * the driver directly (lib/db/direct-sql.ts), which decodes the dates,
 * booleans and JSON named here.
 */
export async function resolvePlacement({ db, userId, slug, assessmentId, sessionVersion }: ResolvePlacementOptions) {
  const rows = await directSql(db).query<PlacementRow>(
    Prisma.sql`
      SELECT ap."id", ap."assessmentId", ap."problemId", ap."position", ap."points", e."role" AS "e_role",
        p."slug" AS "p_slug", p."version" AS "p_version", p."source" AS "p_source", p."definition" AS "p_definition", p."title" AS "p_title",
        a."title" AS "a_title", a."courseId" AS "a_courseId", a."published" AS "a_published", a."dueAt" AS "a_dueAt",
        a."attemptLimit" AS "a_attemptLimit", a."latePenaltyPerDay" AS "a_latePenaltyPerDay", a."lateCutoffAt" AS "a_lateCutoffAt",
        a."scoringPolicy" AS "a_scoringPolicy", a."revealPolicy" AS "a_revealPolicy",
        a."feedbackMode" AS "a_feedbackMode", a."handoutNumbers" AS "a_handoutNumbers",
        v."id" AS "v_id", v."problemId" AS "v_problemId", v."seed" AS "v_seed", v."createdAt" AS "v_createdAt"
      FROM "AssessmentProblem" ap
      JOIN "Problem" p ON p."id" = ap."problemId"
      JOIN "Assessment" a ON a."id" = ap."assessmentId"
      JOIN "Enrollment" e ON e."courseId" = a."courseId" AND e."userId" = ${userId}
      ${sessionVersion === undefined ? Prisma.empty : Prisma.sql`JOIN "User" u ON u."id" = ${userId} AND u."sessionVersion" = ${sessionVersion}`}
      LEFT JOIN "Variant" v ON v."assessmentProblemId" = ap."id" AND v."userId" = ${userId}
      WHERE p."slug" = ${slug}
        ${assessmentId ? Prisma.sql`AND a."id" = ${assessmentId}` : Prisma.empty}
      ORDER BY a."createdAt" ASC, a."id" ASC`,
    { dates: ["a_dueAt", "a_lateCutoffAt", "v_createdAt"], booleans: ["a_published", "a_handoutNumbers"], json: ["p_definition"] },
  );
  // No placement at all: a token can outlive its account or its session, which is then signed out rather than told "not found".
  if (rows.length === 0) {
    if (sessionVersion !== undefined) await assertSessionCurrent(db, { id: userId, sessionVersion });
    else if ((await db.user.count({ where: { id: userId } })) === 0) throw new AppError("UNAUTHENTICATED", ACCOUNT_GONE);
  }
  const visible = rows.filter((row) => row.a_published || isStaffRole(row.e_role));
  if (visible.length === 0) {
    throw new AppError("NOT_FOUND", `There is no problem "${slug}" in your assessments${assessmentId ? " for that assessment" : ""}.`);
  }
  if (visible.length > 1) {
    throw new AppError("INVALID_INPUT", `Problem "${slug}" is in several of your assessments; say which with ?assessmentId=.`, {
      assessmentIds: visible.map((row) => row.assessmentId),
    });
  }
  const [row] = visible;
  return { placement: placementOf(row), variant: variantOf(row, userId), role: row.e_role };
}

function placementOf(row: PlacementRow): ResolvedPlacement {
  return {
    id: row.id,
    assessmentId: row.assessmentId,
    problemId: row.problemId,
    position: Number(row.position),
    points: Number(row.points),
    problem: {
      id: row.problemId,
      slug: row.p_slug,
      version: Number(row.p_version),
      source: row.p_source,
      definition: row.p_definition,
      title: row.p_title,
    },
    assessment: {
      id: row.assessmentId,
      title: row.a_title,
      courseId: row.a_courseId,
      published: Boolean(row.a_published),
      dueAt: row.a_dueAt,
      attemptLimit: row.a_attemptLimit === null ? null : Number(row.a_attemptLimit),
      latePenaltyPerDay: Number(row.a_latePenaltyPerDay),
      lateCutoffAt: row.a_lateCutoffAt,
      scoringPolicy: row.a_scoringPolicy,
      revealPolicy: row.a_revealPolicy,
      feedbackMode: row.a_feedbackMode,
      handoutNumbers: Boolean(row.a_handoutNumbers),
    },
  };
}

function variantOf(row: PlacementRow, userId: string): VariantRow | null {
  if (row.v_id === null) return null;
  return {
    id: row.v_id,
    userId,
    assessmentProblemId: row.id,
    problemId: row.v_problemId!,
    seed: Number(row.v_seed),
    createdAt: row.v_createdAt!,
  };
}
