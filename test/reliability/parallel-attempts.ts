/**
 * 50 submissions by one student at once, over real HTTP against the
 * production server, with an attempt limit of 3: exactly three are accepted
 * (201), every other one is refused with 409 ATTEMPTS_EXHAUSTED, and the
 * database holds three submissions numbered 1, 2, 3.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "../../lib/db/client";
import type { LoadStudent } from "../harness/app-server";
import { Checks } from "./checks";
import { statusCounts, submitOnce, type Exchange } from "./drive";

export interface ParallelAttemptsResult {
  requests: number;
  attemptLimit: number;
  statuses: Record<string, number>;
  stored: number;
  attempts: number[];
}

export async function checkParallelAttempts(
  checks: Checks,
  {
    port,
    db,
    assessmentId,
    student,
    requests = 50,
    attemptLimit = 3,
  }: { port: number; db: Db; assessmentId: string; student: LoadStudent; requests?: number; attemptLimit?: number },
): Promise<ParallelAttemptsResult> {
  const before = await db.assessment.findUniqueOrThrow({ where: { id: assessmentId }, select: { attemptLimit: true } });
  await db.assessment.update({ where: { id: assessmentId }, data: { attemptLimit } });
  try {
    const exchanges = await Promise.all(
      Array.from({ length: requests }, async (): Promise<Exchange> => {
        const key = randomUUID();
        const result = await submitOnce({ port, assessmentId }, student, key);
        return { key, student, sentAt: 0, answeredAt: 0, status: result.status, code: result.code };
      }),
    );
    const rows = await db.submission.findMany({ where: { userId: student.id }, select: { attempt: true }, orderBy: { attempt: "asc" } });
    const statuses = statusCounts(exchanges);
    const attempts = rows.map((row) => row.attempt);
    checks.expect(`${requests} parallel submissions: exactly ${attemptLimit} answered 201`, statuses["201"] === attemptLimit, statuses);
    checks.expect(
      `${requests} parallel submissions: the other ${requests - attemptLimit} answered 409 ATTEMPTS_EXHAUSTED`,
      statuses["409 ATTEMPTS_EXHAUSTED"] === requests - attemptLimit,
      statuses,
    );
    checks.expect(
      `${requests} parallel submissions: ${attemptLimit} rows stored, attempts 1..${attemptLimit}`,
      attempts.join(",") === Array.from({ length: attemptLimit }, (_, i) => i + 1).join(","),
      { attempts },
    );
    return { requests, attemptLimit, statuses, stored: rows.length, attempts };
  } finally {
    await db.assessment.update({ where: { id: assessmentId }, data: { attemptLimit: before.attemptLimit } });
  }
}
