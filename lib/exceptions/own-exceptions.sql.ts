import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlDate, sqlNumber } from "@/lib/db/sql-codecs";
import type { ExceptionTerms } from "./effective-rules";

const OwnExceptionRow = z.object({
  assessmentId: z.string().nullable(),
  userId: z.string().nullable(),
  section: z.string().nullable(),
  dueAt: sqlDate.nullable(),
  lateCutoffAt: sqlDate.nullable(),
  extraAttempts: sqlNumber,
  timeMultiplier: sqlNumber,
  createdAt: sqlDate,
}) satisfies z.ZodType<ExceptionTerms, unknown>;

export interface OwnExceptionsOptions {
  userId: string;
  assessment: { id: string; courseId: string };
  /** The student's Enrollment.section; "" is no section, so no section's exception applies. */
  section: string;
}

/**
 * Whether exception row `x` can apply to one student on one assessment:
 * their own on it, their section's on it (a section of "" is none), and
 * their course-level accommodations (assessmentId null). Which of them apply,
 * and how they combine, is effective-rules.ts's to say. Each operand is SQL:
 * a bound value here, the placement query's columns there (placement.sql.ts
 * counts these rows, so that a student with none needs no read of them).
 */
export function exceptionMayApply(on: { courseId: Prisma.Sql; assessmentId: Prisma.Sql; userId: Prisma.Sql; section: Prisma.Sql }) {
  return Prisma.sql`x."courseId" = ${on.courseId}
        AND ((x."assessmentId" = ${on.assessmentId} AND x."userId" = ${on.userId})
          OR (x."assessmentId" = ${on.assessmentId} AND x."userId" IS NULL AND ${on.section} <> '' AND x."section" = ${on.section})
          OR (x."assessmentId" IS NULL AND x."userId" = ${on.userId}))`;
}

const value = (bound: string) => Prisma.sql`${bound}`;

function ownExceptionsStatement({ userId, assessment, section }: OwnExceptionsOptions) {
  const applies = exceptionMayApply({
    courseId: value(assessment.courseId),
    assessmentId: value(assessment.id),
    userId: value(userId),
    section: value(section),
  });
  return Prisma.sql`
      SELECT x."assessmentId", x."userId", x."section", x."dueAt", x."lateCutoffAt", x."extraAttempts", x."timeMultiplier", x."createdAt"
      FROM "AssessmentException" x
      WHERE ${applies}`;
}

/**
 * The student's exception rows (above), in one statement sent to the driver
 * directly (lib/db/direct-sql.ts): every submission reads them, and it was
 * the last of a submission's statements still built by Prisma's query
 * compiler, the largest single cost on the request thread in a profile of
 * the deadline rush (BENCHMARKS.md, "Deadline rush over HTTP", 2026-12-05).
 */
export function selectOwnExceptions(db: Db, options: OwnExceptionsOptions): Promise<ExceptionTerms[]> {
  return queryRows(db, "own exceptions", ownExceptionsStatement(options), OwnExceptionRow, { readOnly: true });
}
