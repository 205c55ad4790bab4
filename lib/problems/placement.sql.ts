import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { FeedbackMode, ProblemSource, RevealPolicy, Role, ScoringPolicy } from "@/lib/db/generated/sqlite/enums";
import { queryRows } from "@/lib/db/query-rows";
import { sqlBoolean, sqlDate, sqlJson, sqlNumber } from "@/lib/db/sql-codecs";
import { exceptionMayApply } from "@/lib/exceptions/own-exceptions.sql";

/** One row of the placement query: a placement, its problem and assessment, and the user's variant (all v_ null if none). */
export const PlacementRow = z.object({
  id: z.string(),
  assessmentId: z.string(),
  problemId: z.string(),
  position: sqlNumber,
  points: sqlNumber,
  p_slug: z.string(),
  p_version: sqlNumber,
  p_source: z.enum(ProblemSource),
  p_definition: sqlJson,
  p_title: z.string(),
  /** How many problems the placement's pool has beside its own (0: not a pool). */
  poolExtras: sqlNumber,
  a_title: z.string(),
  a_courseId: z.string(),
  a_published: sqlBoolean,
  a_dueAt: sqlDate.nullable(),
  a_attemptLimit: sqlNumber.nullable(),
  a_latePenaltyPerDay: sqlNumber,
  a_lateCutoffAt: sqlDate.nullable(),
  a_scoringPolicy: z.enum(ScoringPolicy),
  a_revealPolicy: z.enum(RevealPolicy),
  a_feedbackMode: z.enum(FeedbackMode),
  a_handoutNumbers: sqlBoolean,
  a_opensAt: sqlDate.nullable(),
  a_timeLimitMinutes: sqlNumber.nullable(),
  /** How many LMS line items (AGS) the assessment has: 0 for a course without LTI, whose submissions then write nothing more. */
  a_ltiLineItems: sqlNumber,
  /** The course's time zone (lib/dates): dates in messages and pages are shown in it. */
  c_timeZone: z.string(),
  /** When the user first opened the assessment (AssessmentStart), if they have. */
  s_startedAt: sqlDate.nullable(),
  /** The user's role in the assessment's course (the join with Enrollment is the access check). */
  e_role: z.enum(Role),
  /** The user's section, which their exceptions may name (lib/exceptions/effective-rules.ts). */
  e_section: z.string(),
  /** The exception rows that may apply to the user here (own-exceptions.sql.ts): with none, their rules need no read of them. */
  e_exceptions: sqlNumber,
  v_id: z.string().nullable(),
  v_problemId: z.string().nullable(),
  v_seed: sqlNumber.nullable(),
  v_createdAt: sqlDate.nullable(),
  /** The slug of the variant's problem: for a pool, the member the user drew. */
  v_slug: z.string().nullable(),
});

export type PlacementRow = z.output<typeof PlacementRow>;

export interface SelectPlacementsOptions {
  userId: string;
  slug: string;
  /** Only this assessment's placement of the problem. */
  assessmentId?: string;
  /** Only while the user's session is current (a join with User). */
  sessionVersion?: number;
}

/**
 * The user's placements of a problem in assessments of courses they are enrolled in, oldest assessment first:
 * placed itself or as a member of a placement's pool (whether this user drew it is for resolve-placement.ts).
 */
export function selectPlacements(db: Db, { userId, slug, assessmentId, sessionVersion }: SelectPlacementsOptions) {
  const exceptionApplies = exceptionMayApply({
    courseId: Prisma.sql`a."courseId"`,
    assessmentId: Prisma.sql`a."id"`,
    userId: Prisma.sql`${userId}`,
    section: Prisma.sql`e."section"`,
  });
  return queryRows(
    db,
    "placement",
    Prisma.sql`
      SELECT ap."id", ap."assessmentId", ap."problemId", ap."position", ap."points", e."role" AS "e_role", e."section" AS "e_section",
        (SELECT COUNT(*) FROM "PlacementPoolMember" pm WHERE pm."assessmentProblemId" = ap."id") AS "poolExtras",
        p."slug" AS "p_slug", p."version" AS "p_version", p."source" AS "p_source", p."definition" AS "p_definition", p."title" AS "p_title",
        a."title" AS "a_title", a."courseId" AS "a_courseId", a."published" AS "a_published", a."dueAt" AS "a_dueAt",
        a."attemptLimit" AS "a_attemptLimit", a."latePenaltyPerDay" AS "a_latePenaltyPerDay", a."lateCutoffAt" AS "a_lateCutoffAt",
        a."scoringPolicy" AS "a_scoringPolicy", a."revealPolicy" AS "a_revealPolicy",
        a."feedbackMode" AS "a_feedbackMode", a."handoutNumbers" AS "a_handoutNumbers",
        a."opensAt" AS "a_opensAt", a."timeLimitMinutes" AS "a_timeLimitMinutes",
        (SELECT COUNT(*) FROM "LtiLineItem" li WHERE li."assessmentId" = a."id") AS "a_ltiLineItems", c."timeZone" AS "c_timeZone", s."startedAt" AS "s_startedAt",
        (SELECT COUNT(*) FROM "AssessmentException" x WHERE ${exceptionApplies}) AS "e_exceptions",
        v."id" AS "v_id", v."problemId" AS "v_problemId", v."seed" AS "v_seed", v."createdAt" AS "v_createdAt", vp."slug" AS "v_slug"
      FROM "AssessmentProblem" ap
      JOIN "Problem" p ON p."id" = ap."problemId"
      JOIN "Assessment" a ON a."id" = ap."assessmentId"
      JOIN "Course" c ON c."id" = a."courseId"
      JOIN "Enrollment" e ON e."courseId" = a."courseId" AND e."userId" = ${userId}
      ${sessionVersion === undefined ? Prisma.empty : Prisma.sql`JOIN "User" u ON u."id" = ${userId} AND u."sessionVersion" = ${sessionVersion}`}
      LEFT JOIN "AssessmentStart" s ON s."assessmentId" = a."id" AND s."userId" = ${userId}
      LEFT JOIN "Variant" v ON v."assessmentProblemId" = ap."id" AND v."userId" = ${userId}
      LEFT JOIN "Problem" vp ON vp."id" = v."problemId"
      WHERE (p."slug" = ${slug} OR EXISTS (
          SELECT 1 FROM "PlacementPoolMember" m JOIN "Problem" mp ON mp."id" = m."problemId"
          WHERE m."assessmentProblemId" = ap."id" AND mp."slug" = ${slug}))
        ${assessmentId ? Prisma.sql`AND a."id" = ${assessmentId}` : Prisma.empty}
      ORDER BY a."createdAt" ASC, a."id" ASC`,
    PlacementRow,
    { readOnly: true },
  );
}
