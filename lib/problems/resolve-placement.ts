import "server-only";
import type { Db, FeedbackMode, ProblemSource, RevealPolicy, ScoringPolicy } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isStaffRole } from "@/lib/auth/roles";
import { ACCOUNT_GONE, assertSessionCurrent } from "@/lib/auth/session-version";
import { pickPoolMember } from "@/lib/pools/draw-pool-member";
import { poolMembersOf, type PoolMember } from "@/lib/pools/pool-members";
import { selectPlacements, type PlacementRow } from "./placement.sql";

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
  /** The placement is a pool: its own problem is one of several a student may have drawn. */
  pooled: boolean;
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
    opensAt: Date | null;
    timeLimitMinutes: number | null;
    /** LMS line items of the assessment (lib/lti/ags): a submission then also enqueues its score. */
    ltiLineItems: number;
    /** The course's time zone, in which its dates are shown. */
    timeZone: string;
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
 * (BENCHMARKS.md). The same SQL runs on both databases, sent to the
 * driver directly (placement.sql.ts).
 */
export async function resolvePlacement({ db, userId, slug, assessmentId, sessionVersion }: ResolvePlacementOptions) {
  const rows = await selectPlacements(db, { userId, slug, assessmentId, sessionVersion });

  // No placement at all: a token can outlive its account or its session, which is then signed out rather than told "not found".
  if (rows.length === 0) {
    if (sessionVersion !== undefined) await assertSessionCurrent(db, { id: userId, sessionVersion });
    else if ((await db.user.count({ where: { id: userId } })) === 0) throw new AppError("UNAUTHENTICATED", ACCOUNT_GONE);
  }
  const visible = await keepDrawn(
    db,
    userId,
    slug,
    rows.filter((row) => row.a_published || isStaffRole(row.e_role)),
  );
  if (visible.length === 0) {
    throw new AppError("NOT_FOUND", `There is no problem "${slug}" in your assessments${assessmentId ? " for that assessment" : ""}.`);
  }
  if (visible.length > 1) {
    throw new AppError("INVALID_INPUT", `Problem "${slug}" is in several of your assessments; say which with ?assessmentId=.`, {
      assessmentIds: visible.map((row) => row.assessmentId),
    });
  }
  const [row] = visible;
  return {
    placement: placementOf(row),
    variant: variantOf(row, userId),
    role: row.e_role,
    section: row.e_section,
    hasExceptions: row.e_exceptions > 0,
    startedAt: row.s_startedAt,
  };
}

/**
 * Leaves out the pools where the slug is a member this user did not draw:
 * such a placement is not theirs under that slug, so it must neither
 * resolve nor be named in the "several assessments" error (which would
 * reveal the pool's other members). Before the first opening the member
 * counted is the one the draw will give them (it is deterministic), so the
 * answer does not change when they open it.
 */
async function keepDrawn(db: Db, userId: string, slug: string, rows: PlacementRow[]) {
  const undrawnPools = rows.filter((row) => row.poolExtras > 0 && row.v_slug === null).map((row) => row.id);
  const members = undrawnPools.length > 0 ? await poolMembersOf(db, undrawnPools) : new Map<string, PoolMember[]>();
  const drawnSlug = (row: PlacementRow) => {
    if (row.poolExtras === 0) return row.p_slug;
    if (row.v_slug !== null) return row.v_slug;
    const pool = members.get(row.id) ?? [];
    return pool.length === 0 ? null : pickPoolMember(userId, row.id, pool).slug;
  };
  return rows.filter((row) => drawnSlug(row) === slug);
}

function placementOf(row: PlacementRow): ResolvedPlacement {
  return {
    id: row.id,
    assessmentId: row.assessmentId,
    problemId: row.problemId,
    position: row.position,
    points: row.points,
    pooled: row.poolExtras > 0,
    problem: {
      id: row.problemId,
      slug: row.p_slug,
      version: row.p_version,
      source: row.p_source,
      definition: row.p_definition,
      title: row.p_title,
    },
    assessment: {
      id: row.assessmentId,
      title: row.a_title,
      courseId: row.a_courseId,
      published: row.a_published,
      dueAt: row.a_dueAt,
      attemptLimit: row.a_attemptLimit,
      latePenaltyPerDay: row.a_latePenaltyPerDay,
      lateCutoffAt: row.a_lateCutoffAt,
      scoringPolicy: row.a_scoringPolicy,
      revealPolicy: row.a_revealPolicy,
      feedbackMode: row.a_feedbackMode,
      handoutNumbers: row.a_handoutNumbers,
      opensAt: row.a_opensAt,
      timeLimitMinutes: row.a_timeLimitMinutes,
      ltiLineItems: row.a_ltiLineItems,
      timeZone: row.c_timeZone,
    },
  };
}

function variantOf(row: PlacementRow, userId: string): VariantRow | null {
  if (row.v_id === null) return null;
  return { id: row.v_id, userId, assessmentProblemId: row.id, problemId: row.v_problemId!, seed: row.v_seed!, createdAt: row.v_createdAt! };
}
