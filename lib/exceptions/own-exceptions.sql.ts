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
 * Every exception row that can apply to one student on one assessment: their
 * own on it, their section's on it, and their course-level accommodations
 * (assessmentId null). Which of them apply, and how they combine, is
 * effective-rules.ts's to say.
 */
function ownExceptionsStatement({ userId, assessment, section }: OwnExceptionsOptions) {
  const sectionRows =
    section === ""
      ? Prisma.empty
      : Prisma.sql`OR (x."assessmentId" = ${assessment.id} AND x."userId" IS NULL AND x."section" = ${section})`;
  return Prisma.sql`
      SELECT x."assessmentId", x."userId", x."section", x."dueAt", x."lateCutoffAt", x."extraAttempts", x."timeMultiplier", x."createdAt"
      FROM "AssessmentException" x
      WHERE x."courseId" = ${assessment.courseId}
        AND ((x."assessmentId" = ${assessment.id} AND x."userId" = ${userId})
          ${sectionRows}
          OR (x."assessmentId" IS NULL AND x."userId" = ${userId}))`;
}

/**
 * The student's exception rows (above), in one statement sent to the driver
 * directly (lib/db/direct-sql.ts): every submission reads them, and it was
 * the last of a submission's statements still built by Prisma's query
 * compiler, the largest single cost on the request thread in a profile of
 * the deadline rush (BENCHMARKS.md, "Deadline rush over HTTP", 2026-12-05).
 */
export function selectOwnExceptions(db: Db, options: OwnExceptionsOptions): Promise<ExceptionTerms[]> {
  return queryRows(db, "own exceptions", ownExceptionsStatement(options), OwnExceptionRow);
}
