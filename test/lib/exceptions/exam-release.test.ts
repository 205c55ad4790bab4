import { submitAnswers } from "@/lib/submissions/submit-answers";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { latestExceptionClose } from "@/lib/exceptions/effective-rules";
import { rulesOf } from "@/lib/submissions/standing";
import { AppError } from "@/lib/errors";
import { createException, deleteException } from "@/lib/exceptions/manage-exceptions";
import type { Db } from "@/lib/db/client";
import { importExceptions } from "@/lib/exceptions/import-exceptions";
import { removeMember } from "@/lib/roster/change-member";
import { exceptionBodySchema } from "@/lib/exceptions/requests";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
const MINUTE = 60_000;
const CUTOFF = new Date("2026-12-10T12:00:00Z");
const LATER = new Date(CUTOFF.getTime() + 60 * MINUTE);
const at = (base: Date, minutes: number) => new Date(base.getTime() + minutes * MINUTE);
const DUE = at(CUTOFF, -120);

describeEachDatabase("an exam's results and references wait until it closes for everyone, exceptions included", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createCourseFixture(testDb.db, {
      assessment: { feedbackMode: "EXAM", attemptLimit: 1, dueAt: DUE, lateCutoffAt: CUTOFF, revealPolicy: "AFTER_DUE_OR_LAST_ATTEMPT" },
    });
    const [studentA, studentB] = [await fixture.addUser("STUDENT", "a"), await fixture.addUser("STUDENT", "b")];
    const instructor = await fixture.addUser("INSTRUCTOR");
    const db = testDb.db;
    const grant = (terms: { userId?: string | null; section?: string | null; lateCutoffAt?: Date; timeMultiplier?: number }) =>
      db.assessmentException.create({
        data: {
          courseId: fixture.course.id,
          assessmentId: fixture.assessment.id,
          reason: "medical note",
          createdById: instructor.id,
          ...terms,
        },
      });
    const options = (userId: string, now: Date) => ({ db, userId, slug: "nn-backprop", now });
    const submit = (userId: string, now: Date) => submitAnswers({ ...options(userId, now), answers: { "d.dW0": RIGHT_DW0 } });
    const view = (userId: string, now: Date) => getVariantView(options(userId, now));
    return { ...fixture, db, studentA, studentB, instructor, grant, options, submit, view };
  }

  it("holds student A's results after the own cut-off while B's later cut-off is open, and shows both after B's closes", async () => {
    const { studentA, studentB, grant, submit, view, options, db, assessment } = await setUp();
    await grant({ userId: studentB.id, lateCutoffAt: LATER });
    await submit(studentA.id, at(CUTOFF, -30));
    await submit(studentB.id, at(CUTOFF, -30));

    const afterOwn = at(CUTOFF, 1);
    const viewA = await view(studentA.id, afterOwn);
    expect(viewA.references).toBeUndefined();
    expect(viewA.standing).toMatchObject({ score: null, pointsEarned: null, partScores: {} });
    expect(viewA.policy).toMatchObject({
      resultsHeld: true,
      resultsHeldUntil: LATER.toISOString(),
      referencesRevealed: false,
      closed: true,
    });
    const historyA = await listSubmissionHistory(options(studentA.id, afterOwn));
    expect(historyA.submissions.map((s) => [s.score, s.parts.find((p) => p.id === "d.dW0")?.status])).toEqual([[null, "received"]]);
    const [progressA] = await assessmentProgress({ db, userId: studentA.id, assessmentIds: [assessment.id], now: afterOwn });
    expect(progressA).toMatchObject({ resultsHeld: true, resultsHeldUntil: LATER.toISOString(), pointsEarned: null, partsCorrect: null });
    // B, still sitting the exam, sees nothing either.
    expect((await view(studentB.id, afterOwn)).policy).toMatchObject({ resultsHeld: true, referencesRevealed: false });

    const afterLater = at(LATER, 1);
    for (const student of [studentA, studentB]) {
      const shown = await view(student.id, afterLater);
      expect(shown.policy).toMatchObject({ resultsHeld: false, resultsHeldUntil: null, referencesRevealed: true });
      expect(shown.references?.["d.dW0"]).toBe(RIGHT_DW0);
      expect(shown.standing.score).toBeCloseTo(3 / 19, 12);
      expect((await listSubmissionHistory(options(student.id, afterLater))).submissions[0].score).toBeCloseTo(3 / 19, 12);
    }
  });

  it("counts a section's exception while a student is in the section, and no exception of someone not enrolled as a student", async () => {
    const { studentA, studentB, grant, view, db, course, addUser } = await setUp();
    const ta = await addUser("TA");
    await grant({ userId: ta.id, lateCutoffAt: at(LATER, 60) });
    await grant({ userId: null, section: "T9", lateCutoffAt: LATER });
    const afterOwn = at(CUTOFF, 1);
    // Nobody is in T9 and the TA sits no exam: the exam closed at its own cut-off.
    expect((await view(studentA.id, afterOwn)).policy).toMatchObject({ resultsHeld: false, referencesRevealed: true });
    await db.enrollment.update({ where: { userId_courseId: { userId: studentB.id, courseId: course.id } }, data: { section: "T9" } });
    expect((await view(studentA.id, afterOwn)).policy).toMatchObject({ resultsHeld: true, resultsHeldUntil: LATER.toISOString() });
  });

  it("gives no student references while a parallel submission under an exception could still earn credit", async () => {
    const { studentA, studentB, grant, submit, view } = await setUp();
    await grant({ userId: studentB.id, lateCutoffAt: LATER });
    // B's submissions and A's page loads, all at once, at instants straddling B's close.
    const offsets = [-2, -1, 0, 1, 2].map((seconds) => new Date(LATER.getTime() + seconds * 1000));
    const [submissions, views] = await Promise.all([
      Promise.allSettled(offsets.map((now) => submit(studentB.id, now))),
      Promise.all(offsets.map((now) => view(studentA.id, now))),
    ]);
    // One attempt: of B's submissions in time exactly one is stored, the late ones are refused as closed.
    const accepted = submissions.filter((outcome) => outcome.status === "fulfilled");
    expect(accepted).toHaveLength(1);
    const late = submissions.slice(3) as PromiseRejectedResult[];
    expect(late.map((o) => (o.reason as AppError).code)).toEqual(["SUBMISSIONS_CLOSED", "SUBMISSIONS_CLOSED"]);
    // While B could submit (up to LATER inclusive), A is given nothing; just after, everything.
    expect(views.map((v) => [v.policy.referencesRevealed, v.references !== undefined])).toEqual([
      [false, false],
      [false, false],
      [false, false],
      [true, true],
      [true, true],
    ]);
  }, 30_000);

  it("refuses an exception once the exam is released to everyone, saying why and what to do, and stores nothing", async () => {
    const { studentA, studentB, instructor, grant, db, assessment } = await setUp();
    await grant({ userId: studentB.id, lateCutoffAt: LATER });
    const body = exceptionBodySchema("UTC").parse({ studentId: studentA.id, lateCutoffAt: at(LATER, 60).toISOString(), reason: "ill" });
    // Still held for everyone until B's later cut-off: a grant is allowed.
    await createException(db, instructor.id, assessment.id, body, at(CUTOFF, 30));
    const released = at(LATER, 61);
    const refused = createException(db, instructor.id, assessment.id, body, released);
    await expect(refused).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(refused).rejects.toThrow(/released.*score override/);
    const csv = `email,lateCutoffAt,reason\n${studentB.email},${at(LATER, 120).toISOString()},ill\n`;
    await expect(importExceptions({ db, assessmentId: assessment.id, csv, actorId: instructor.id, now: released })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(2);
  });

  describe("a grant racing the release is checked under the assessment's lock, in the transaction that stores it", () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    type Transaction = (fn: (tx: unknown) => Promise<unknown>, options?: unknown) => Promise<unknown>;

    /**
     * `db` whose every transaction first waits for `before` (a request that
     * lands between a grant's checks and its writes), and whose audit writes
     * inside a transaction take `slowAuditMs` longer (a grant whose writes run long)
     * and first run `duringAudit` (a request that lands between its writes).
     */
    function racing(
      db: Db,
      {
        before,
        slowAuditMs = 0,
        duringAudit,
      }: { before?: () => Promise<unknown>; slowAuditMs?: number; duringAudit?: () => Promise<unknown> },
    ): Db {
      const slowAudit = (tx: object) =>
        new Proxy(tx, {
          get(target, key, receiver) {
            const value = Reflect.get(target, key, receiver);
            if (key !== "auditLog") return value;
            const auditLog = value as Db["auditLog"];
            return {
              create: async (args: Parameters<Db["auditLog"]["create"]>[0]) => (
                await sleep(slowAuditMs),
                await duringAudit?.(),
                auditLog.create(args)
              ),
            };
          },
        });
      return new Proxy(db, {
        get(target, key, receiver) {
          if (key !== "$transaction") return Reflect.get(target, key, receiver);
          const transaction = target.$transaction.bind(target) as unknown as Transaction;
          return async (fn: (tx: unknown) => Promise<unknown>, options?: unknown) => {
            await before?.();
            return transaction((tx) => fn(slowAudit(tx as object)), options);
          };
        },
      });
    }

    const bodyFor = (studentId: string, lateCutoffAt: Date) =>
      exceptionBodySchema("UTC").parse({ studentId, lateCutoffAt: lateCutoffAt.toISOString(), reason: "ill" });

    it("refuses a grant when the exception holding the exam is deleted between the grant's checks and its write", async () => {
      const { studentA, studentB, instructor, grant, db, assessment } = await setUp();
      const holding = await grant({ userId: studentB.id, lateCutoffAt: LATER });
      const now = at(CUTOFF, 30);
      const deleteFirst = racing(db, { before: () => deleteException(db, instructor.id, assessment.id, holding.id) });
      await expect(
        createException(deleteFirst, instructor.id, assessment.id, bodyFor(studentA.id, at(LATER, 60)), now),
      ).rejects.toMatchObject({
        code: "CONFLICT",
      });
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(0);
    });

    it("imports nothing when the exception holding the exam is deleted between the import's checks and its writes", async () => {
      const { studentA, studentB, instructor, grant, db, assessment } = await setUp();
      const holding = await grant({ userId: studentB.id, lateCutoffAt: LATER });
      const csv = `email,lateCutoffAt,reason\n${studentA.email},${at(LATER, 60).toISOString()},ill\n`;
      const deleteFirst = racing(db, { before: () => deleteException(db, instructor.id, assessment.id, holding.id) });
      await expect(
        importExceptions({ db: deleteFirst, assessmentId: assessment.id, csv, actorId: instructor.id, now: at(CUTOFF, 30) }),
      ).rejects.toMatchObject({ code: "CONFLICT" });
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(0);
    });

    it("makes a roster removal that would release the exam wait for a grant under way, as deleting the exception does", async () => {
      const { studentA, studentB, instructor, grant, db, assessment, course } = await setUp();
      await grant({ userId: studentB.id, lateCutoffAt: LATER });
      const now = at(CUTOFF, 30);
      let removal: Promise<void> | undefined;
      let removedMidGrant: boolean | undefined;
      // Between the grant's check (B's exception holds the exam) and its writes, B is dropped from the roster.
      const dropMidGrant = racing(db, {
        duringAudit: async () => {
          removal = removeMember({ db, actorId: instructor.id, courseId: course.id, userId: studentB.id });
          removedMidGrant = await Promise.race([removal.then(() => true), sleep(500).then(() => false)]);
        },
      });
      await createException(dropMidGrant, instructor.id, assessment.id, bodyFor(studentA.id, at(LATER, 60)), now);
      await removal;
      // Without the lock, the drop would commit first: the exam released, then hidden again by A's new exception.
      expect(removedMidGrant).toBe(false);
      expect(await db.enrollment.count({ where: { userId: studentB.id, courseId: course.id } })).toBe(0);
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id, userId: studentA.id } })).toBe(1);
      const [progress] = await assessmentProgress({ db, userId: studentA.id, assessmentIds: [assessment.id], now });
      expect(progress.resultsHeldUntil).toBe(at(LATER, 60).toISOString());
    });

    it("never lets a student see released references that a parallel grant then hides again", async () => {
      const { studentA, studentB, instructor, grant, db, assessment, view, addUser } = await setUp();
      const onlooker = await addUser("STUDENT", "c");
      const now = at(CUTOFF, 30);
      const outcomes: string[] = [];
      for (let round = 0; round < 6; round++) {
        await db.assessmentException.deleteMany({ where: { assessmentId: assessment.id } });
        const holding = await grant({ userId: studentB.id, lateCutoffAt: LATER });
        // The onlooker reloads the page throughout: a deletion of B's exception releases the exam, A's grant holds it again.
        let settled = false;
        const revealed: boolean[] = [];
        const watching = (async () => {
          while (!settled) {
            revealed.push((await view(onlooker.id, now)).policy.referencesRevealed);
            // Let timers run too: SQLite's reads can settle in microtasks alone and would starve the writers.
            await new Promise((resolve) => setImmediate(resolve));
          }
        })();
        const [deleted, granted] = await Promise.allSettled([
          deleteException(db, instructor.id, assessment.id, holding.id),
          createException(db, instructor.id, assessment.id, bodyFor(studentA.id, at(LATER, 60)), now),
        ]);
        settled = true;
        await watching;
        expect(deleted.status).toBe("fulfilled");
        if (granted.status === "fulfilled") {
          // The grant came first: the exam was held throughout.
          expect(revealed.filter(Boolean)).toEqual([]);
          expect((await view(onlooker.id, now)).policy.referencesRevealed).toBe(false);
          outcomes.push("granted");
        } else {
          expect((granted.reason as AppError).code).toBe("CONFLICT");
          expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(0);
          outcomes.push("refused");
        }
      }
      // Each round ended one of the two serial ways.
      expect(outcomes).toHaveLength(6);
    }, 60_000);

    it("reads the clock after waiting for the lock: a grant that waited past the release is refused", async () => {
      const { studentA, instructor, db, assessment } = await setUp();
      const closes = new Date(Date.now() + 1_000);
      await db.assessment.update({ where: { id: assessment.id }, data: { dueAt: at(closes, -60), lateCutoffAt: closes } });
      const late = racing(db, { before: () => sleep(2_000) });
      await expect(createException(late, instructor.id, assessment.id, bodyFor(studentA.id, at(closes, 60)))).rejects.toMatchObject({
        code: "CONFLICT",
      });
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(0);
    });

    it("rolls back a grant whose writes ran past the release moment, and keeps one that finished before it", async () => {
      const { studentA, instructor, db, assessment } = await setUp();
      const setClose = async (fromNowMs: number) => {
        const closes = new Date(Date.now() + fromNowMs);
        await db.assessment.update({ where: { id: assessment.id }, data: { dueAt: at(closes, -60), lateCutoffAt: closes } });
        return closes;
      };
      let closes = await setClose(1_000);
      const slow = racing(db, { slowAuditMs: 2_000 });
      await expect(createException(slow, instructor.id, assessment.id, bodyFor(studentA.id, at(closes, 60)))).rejects.toMatchObject({
        code: "CONFLICT",
      });
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(0);
      expect(await db.auditLog.count({ where: { courseId: assessment.courseId, action: "exception.create" } })).toBe(0);

      closes = await setClose(60_000);
      await createException(slow, instructor.id, assessment.id, bodyFor(studentA.id, at(closes, 60)));
      expect(await db.assessmentException.count({ where: { assessmentId: assessment.id } })).toBe(1);
    }, 30_000);
  });

  it("leaves a homework's reveal to each student's own close", async () => {
    const fixture = await createCourseFixture(testDb.db, {
      assessment: { feedbackMode: "HOMEWORK", dueAt: DUE, lateCutoffAt: CUTOFF, revealPolicy: "AFTER_DUE_OR_LAST_ATTEMPT" },
    });
    const [a, b] = [await fixture.addUser("STUDENT"), await fixture.addUser("STUDENT")];
    await testDb.db.assessmentException.create({
      data: { courseId: fixture.course.id, assessmentId: fixture.assessment.id, userId: b.id, lateCutoffAt: LATER, reason: "x" },
    });
    const viewOf = (userId: string) => getVariantView({ db: testDb.db, userId, slug: "nn-backprop", now: at(CUTOFF, 1) });
    expect((await viewOf(a.id)).policy.referencesRevealed).toBe(true);
    expect((await viewOf(b.id)).policy.referencesRevealed).toBe(false);
  });
});

describe("latestExceptionClose", () => {
  const own = rulesOf({
    dueAt: DUE,
    attemptLimit: 1,
    latePenaltyPerDay: 0,
    lateCutoffAt: CUTOFF,
    scoringPolicy: "BEST",
    revealPolicy: "AFTER_DUE",
    feedbackMode: "EXAM",
    handoutNumbers: false,
  });

  it("is the latest cut-off an exception gives, or null when none is later than the assessment's own", () => {
    expect(latestExceptionClose(own, [])).toBeNull();
    expect(latestExceptionClose(own, [{ dueAt: null, lateCutoffAt: at(CUTOFF, -10) }])).toBeNull();
    expect(
      latestExceptionClose(own, [
        { dueAt: null, lateCutoffAt: LATER },
        { dueAt: null, lateCutoffAt: at(LATER, -5) },
      ]),
    ).toEqual(LATER);
  });

  it("carries a later due date's cut-off with it, as the student's own rules do", () => {
    expect(latestExceptionClose(own, [{ dueAt: LATER, lateCutoffAt: null }])).toEqual(LATER);
  });
});
