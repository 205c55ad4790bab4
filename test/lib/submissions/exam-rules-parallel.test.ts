import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { AppError } from "@/lib/errors";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

// An exam's rules with a student's exception applied, under parallel requests
// (as the attempt limit is tested in submit-answers.test.ts): every check reads
// the student's effective rules, and the unique (variant, attempt) index keeps
// the count exact however the requests interleave.

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const START = new Date("2026-12-10T10:00:00Z");
const CUTOFF = new Date("2026-12-10T18:00:00Z");
const MINUTE = 60_000;

describeEachDatabase("an exam's rules with exceptions under parallel requests", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp(exception: { extraAttempts?: number; timeMultiplier?: number; assessmentId?: null }) {
    const fixture = await createCourseFixture(testDb.db, {
      assessment: { feedbackMode: "EXAM", attemptLimit: 1, lateCutoffAt: CUTOFF, timeLimitMinutes: 20 },
    });
    const student = await fixture.addUser("STUDENT");
    await testDb.db.assessmentException.create({
      data: { courseId: fixture.course.id, assessmentId: fixture.assessment.id, userId: student.id, reason: "accommodation", ...exception },
    });
    const submit = (now: Date) =>
      submitAnswers({ db: testDb.db, userId: student.id, slug: "nn-backprop", answers: { "d.dW0": RIGHT_DW0 }, now });
    const open = (now: Date) => getVariantView({ db: testDb.db, userId: student.id, slug: "nn-backprop", now });
    const stored = () =>
      testDb.db.submission.findMany({
        where: { userId: student.id },
        select: { attempt: true, submittedAt: true },
        orderBy: { attempt: "asc" },
      });
    return { ...fixture, student, submit, open, stored };
  }

  it("stores exactly the limit plus the extra attempts, none after the student's extended end", async () => {
    const { submit, open, stored } = await setUp({ extraAttempts: 2, timeMultiplier: 1.5 });
    await open(START);
    // Time and a half of 20 minutes: this student's end is 30 minutes after their start.
    const end = START.getTime() + 30 * MINUTE;
    const times = [-4, 5, -3, 3, -2, 2, -1, 1, 0, 4].map((seconds) => new Date(end + seconds * 1000));
    const outcomes = await Promise.allSettled(times.map((at) => submit(at)));
    const refused = outcomes.filter((o) => o.status === "rejected") as PromiseRejectedResult[];
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(3);
    expect(refused.map((o) => (o.reason as AppError).code).sort()).toEqual([
      "ATTEMPTS_EXHAUSTED",
      "ATTEMPTS_EXHAUSTED",
      ...Array(5).fill("SUBMISSIONS_CLOSED"),
    ]);
    // A submission after the end is refused whatever came first, and one in time only for want of attempts.
    times.forEach((at, i) => {
      if (at.getTime() > end) expect(outcomes[i]).toMatchObject({ status: "rejected", reason: { code: "SUBMISSIONS_CLOSED" } });
    });
    const rows = await stored();
    expect(rows.map((row) => row.attempt)).toEqual([1, 2, 3]);
    expect(rows.every((row) => row.submittedAt.getTime() <= end)).toBe(true);
  }, 30_000);

  it("records one start for parallel first openings, and the accommodation's end for each of them", async () => {
    const { open, student, assessment } = await setUp({ assessmentId: null, timeMultiplier: 2 });
    const views = await Promise.all(Array.from({ length: 6 }, (_, i) => open(new Date(START.getTime() + i * 1000))));
    const starts = await testDb.db.assessmentStart.findMany({ where: { userId: student.id, assessmentId: assessment.id } });
    expect(starts).toHaveLength(1);
    const endsAt = new Date(starts[0].startedAt.getTime() + 40 * MINUTE).toISOString();
    expect(new Set(views.map((view) => view.policy.timeLimit?.endsAt))).toEqual(new Set([endsAt]));
  }, 30_000);
});
