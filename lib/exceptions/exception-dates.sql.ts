import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { queryRows } from "@/lib/db/query-rows";
import { sqlDate } from "@/lib/db/sql-codecs";

const ExceptionDatesRow = z.object({ dueAt: sqlDate.nullable(), lateCutoffAt: sqlDate.nullable() });

/**
 * The dates of every exception on an assessment that applies to an enrolled
 * student (their own, or their section's), for when it closes for everyone
 * (effective-rules.ts latestExceptionClose). A section's exception counts
 * while any student is in the section (it combines with their own).
 */
function exceptionDatesStatement(assessmentId: string) {
  return Prisma.sql`
      SELECT x."dueAt", x."lateCutoffAt" FROM "AssessmentException" x
      WHERE x."assessmentId" = ${assessmentId} AND (x."dueAt" IS NOT NULL OR x."lateCutoffAt" IS NOT NULL)
        AND EXISTS (
          SELECT 1 FROM "Enrollment" e
          WHERE e."courseId" = x."courseId" AND e."role" = 'STUDENT'
            AND (e."userId" = x."userId" OR (x."userId" IS NULL AND e."section" = x."section"))
        )`;
}

/** The exception dates (above), in one statement sent to the driver directly (lib/db/direct-sql.ts), outside any transaction. */
export function selectExceptionDates(db: Db, assessmentId: string) {
  return queryRows(db, "exception dates", exceptionDatesStatement(assessmentId), ExceptionDatesRow, { readOnly: true });
}

/** The exception dates (above), read inside the caller's transaction (the direct path would wait for it to end). */
export async function selectExceptionDatesIn(tx: Prisma.TransactionClient, assessmentId: string) {
  return z.array(ExceptionDatesRow).parse(await tx.$queryRaw(exceptionDatesStatement(assessmentId)));
}
