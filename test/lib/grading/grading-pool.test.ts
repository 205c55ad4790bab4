import { readdirSync } from "node:fs";
import { availableParallelism } from "node:os";
import path from "node:path";
import fc from "fast-check";
import { getBankProblem } from "@/grader/bank";
import { exportDocument, type ProblemDocumentInput } from "@/grader/authoring";
import { buildVariant, gradeSubmission, ProblemError, type Answers, type AnyProblem, type SubmissionGrade } from "@/grader/problems";
import twoLayerTanh from "@/grader/bank/examples/two-layer-tanh.json";
import { AppError } from "@/lib/errors";
import { authoringTimeoutMs, DEFAULT_GRADING_NICE, GradingPool, gradingNice, gradingThreads } from "@/lib/grading/grading-pool";
import { validateDocumentText } from "@/grader/authoring/validate-text";
import { closeGradingPool, gradeOffThread, validateOffThread, variantOffThread } from "@/lib/grading/grade-off-thread";
import { issueAttackText } from "../../support/heavy-documents";
import { authoredProblem, authoredRow, bankRow } from "../../support/problem-rows";
import type { ProblemRow } from "@/grader/stored";
import { readProcStat } from "@/test/harness/proc-stat";

// Real worker threads throughout: each grading below crosses to a thread
// that registers tsx, loads the grader and answers. On a loaded 2-core
// machine a thread takes up to a second to start, hence the long timeouts.
jest.setTimeout(120_000);

const FAULTY_WORKER = path.join(__dirname, "faulty-grading-worker.mjs");
const SLOW_START_WORKER = path.join(__dirname, "slow-start-grading-worker.mjs");
const SLOW_START_FAULTY_WORKER = path.join(__dirname, "slow-start-faulty-grading-worker.mjs");

/**
 * Answers as students send them, per part: the problem's sample right and
 * wrong answers for this seed, nothing, text that may not parse (formulas
 * built from the problem's own names, and arbitrary strings), numbers, lists.
 */
function answersFor(problem: AnyProblem, seed: number): fc.Arbitrary<Answers> {
  const { params } = buildVariant(problem, seed);
  const perPart = problem.parts.map((part) => {
    const examples = part.examples(params);
    const samples = [...examples.correct, ...examples.wrong] as Answers[string][];
    const formulaPiece = fc.constantFrom(
      "W0",
      "W1",
      "W2",
      "b0",
      "b1",
      "x",
      "z",
      "y",
      "t",
      "@",
      "*",
      "+",
      "-",
      "(",
      ")",
      ".T",
      "1",
      "sigmoid(",
      "tanh(",
      "Jf",
      "Jg",
      "toString",
      "__proto__",
    );
    return fc.option(
      fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...samples) },
        { weight: 2, arbitrary: fc.array(formulaPiece, { minLength: 1, maxLength: 8 }).map((pieces) => pieces.join(" ")) },
        { weight: 1, arbitrary: fc.string({ maxLength: 20 }) },
        { weight: 1, arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }) },
        { weight: 1, arbitrary: fc.array(fc.integer({ min: 0, max: 64 }), { maxLength: 4 }) },
      ),
      { freq: 5, nil: undefined },
    );
  });
  return fc
    .tuple(...perPart)
    .map((values) => Object.fromEntries(problem.parts.flatMap((part, i) => (values[i] === undefined ? [] : [[part.id, values[i]]]))));
}

/** What the random answers covered, so that the comparisons are not all of one kind. */
class GradeKinds {
  private readonly statuses = new Set<string>();

  add(grade: SubmissionGrade): void {
    for (const part of grade.parts)
      this.statuses.add(part.result === null ? "unanswered" : part.result.score === 1 ? "right" : part.result.status);
  }

  expectVaried(): void {
    expect([...this.statuses].sort()).toEqual(["graded", "invalid", "right", "unanswered"]);
  }
}

const seedAndAnswers = (problem: AnyProblem) =>
  fc.integer({ min: 0, max: 0xffffffff }).chain((seed) => answersFor(problem, seed).map((answers) => ({ seed, answers })));

describe("the grading pool", () => {
  let pool: GradingPool;
  beforeAll(() => {
    pool = new GradingPool({ threads: 2, timeoutMs: 60_000 });
  });
  afterAll(() => pool.close());

  /**
   * 40 random (seed, answers) pairs: the pool's grade deep-equals inline gradeSubmission's, and the pairs cover every kind of
   * part result.
   */
  async function expectPoolGradesAsInline(problem: AnyProblem, row: ProblemRow): Promise<void> {
    const seen = new GradeKinds();
    await fc.assert(
      fc.asyncProperty(seedAndAnswers(problem), async ({ seed, answers }) => {
        const inline = gradeSubmission(buildVariant(problem, seed), answers);
        expect(await pool.grade({ problem: row, seed, answers })).toStrictEqual(inline);
        seen.add(inline);
      }),
      { numRuns: 40 },
    );
    seen.expectVaried();
  }

  it.each(["nn-backprop", "cnn-shapes", "zero-init", "chain-rule"])(
    "grades %s exactly as gradeSubmission does inline, on random seeds and answers",
    (slug) => expectPoolGradesAsInline(getBankProblem(slug), bankRow(slug)),
  );

  it("grades nn-backprop's formula parts, evaluated on random instances, as inline: right, known mistake, wrong", async () => {
    const problem = getBankProblem("nn-backprop");
    const answers = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z", "c.dz": "W1.T" };
    for (const seed of [0, 3, 17, 4294967295]) {
      const inline = gradeSubmission(buildVariant(problem, seed), answers);
      const pooled = await pool.grade({ problem: bankRow("nn-backprop"), seed, answers });
      expect(pooled).toStrictEqual(inline);
      expect(pooled.parts.find((part) => part.id === "d.dW0")!.score).toBe(1);
      expect(pooled.parts.find((part) => part.id === "d.db0")!.score).toBeLessThan(1);
    }
  });

  it("grades an authored problem from its stored document exactly as the compiled document inline", () =>
    expectPoolGradesAsInline(authoredProblem, authoredRow));

  it("builds an authored problem's variant in a thread exactly as inline", async () => {
    for (const seed of [0, 5, 4294967295])
      expect(await pool.buildVariant({ problem: authoredRow, seed })).toEqual(buildVariant(authoredProblem, seed));
  });

  it("validates in a thread as inline: the tanh example passes, a costly 2 KB document is refused at its costliest place", async () => {
    const text = exportDocument(twoLayerTanh as ProblemDocumentInput, "json");
    const validation = await pool.validate({ text });
    expect(validation).toEqual(validateDocumentText({ text }));
    expect(validation).toMatchObject({ status: "valid", seeds: 50 });
    const attack = await pool.validate({ text: issueAttackText() });
    expect(attack).toMatchObject({
      status: "invalid-document",
      error: { code: "TOO_LARGE", path: "parts[0].knownMistakes[0].expression" },
    });
  });

  it("grades a formula naming an Object.prototype member (toString) as inline: an unknown name, and the thread lives on", async () => {
    const answers = { "b.db1": "toString", "d.dW0": "constructor @ x.T" };
    const pooled = await pool.grade({ problem: bankRow("nn-backprop"), seed: 0, answers });
    expect(pooled).toStrictEqual(gradeSubmission(buildVariant(getBankProblem("nn-backprop"), 0), answers));
    expect(pooled.invalidParts).toEqual(["b.db1", "d.dW0"]);
    expect(pooled.parts.find((part) => part.id === "b.db1")!.feedback).toBe("unknown name toString");
  });

  it("gives an unreadable answer the same invalid-part feedback as inline, with nothing graded", async () => {
    const answers = { "d.dW0": "(W1.T * z * (1 - z) @ x.T", "a.z": "sigmoid(W0 @ x + b0)" };
    const inline = gradeSubmission(buildVariant(getBankProblem("nn-backprop"), 5), answers);
    const pooled = await pool.grade({ problem: bankRow("nn-backprop"), seed: 5, answers });
    expect(pooled.invalidParts).toEqual(["d.dW0"]);
    const part = pooled.parts.find((p) => p.id === "d.dW0")!;
    expect(part.result?.status).toBe("invalid");
    expect(part.feedback).toBe(inline.parts.find((p) => p.id === "d.dW0")!.feedback);
    expect(part.feedback.length).toBeGreaterThan(0);
  });

  it("throws a ProblemError from the worker as a ProblemError with its code and message", async () => {
    const answers = { "d.dW9": "W1.T" };
    const inlineError = (() => {
      try {
        gradeSubmission(buildVariant(getBankProblem("nn-backprop"), 2), answers);
      } catch (error) {
        return error as ProblemError;
      }
    })()!;
    const pooled = await pool.grade({ problem: bankRow("nn-backprop"), seed: 2, answers }).catch((error: unknown) => error);
    expect(pooled).toBeInstanceOf(ProblemError);
    expect((pooled as ProblemError).code).toBe("UNKNOWN_PART");
    expect((pooled as ProblemError).message).toBe(inlineError.message);
    expect((pooled as ProblemError).message).toMatch(/^unknown part d\.dW9 for nn-backprop; its parts are a\.z, /);
  });

  it("refuses an invalid seed with the grader's ProblemError", async () => {
    const pooled = await pool.grade({ problem: bankRow("chain-rule"), seed: -1, answers: {} }).catch((error: unknown) => error);
    expect(pooled).toBeInstanceOf(ProblemError);
    expect((pooled as ProblemError).code).toBe("INVALID_SEED");
  });

  it("says UNAVAILABLE, naming the versions, for a bank row of a version this server no longer has", async () => {
    const stale = { ...bankRow("nn-backprop"), id: "bank-nn-backprop-v0", version: 0 };
    const pooled = await pool.grade({ problem: stale, seed: 1, answers: {} }).catch((error: unknown) => error);
    expect(pooled).toBeInstanceOf(AppError);
    expect((pooled as AppError).code).toBe("UNAVAILABLE");
    expect((pooled as AppError).message).toBe(
      `Problem nn-backprop version 0 is not in this server's bank (it has version ` +
        `${getBankProblem("nn-backprop").version}); ask your instructor to regrade.`,
    );
  });

  it("says UNAVAILABLE for an authored document that no longer compiles", async () => {
    const broken: ProblemRow = { ...authoredRow, id: "authored-broken", definition: { ...twoLayerTanh, parts: "none" } };
    const pooled = await pool.grade({ problem: broken, seed: 1, answers: {} }).catch((error: unknown) => error);
    expect(pooled).toBeInstanceOf(AppError);
    expect((pooled as AppError).message).toMatch(
      /^Problem two-layer-tanh version 1 does not compile on this server \(.+\); ask your instructor\.$/,
    );
  });

  it("throws any other failure in the worker as a plain Error (a bug: a 500), with the worker's message", async () => {
    const unreadable: ProblemRow = { ...authoredRow, id: "authored-not-json", definition: { documentText: "{ not json" } };
    const pooled = await pool.grade({ problem: unreadable, seed: 1, answers: {} }).catch((error: unknown) => error);
    expect(pooled).toBeInstanceOf(Error);
    expect(pooled).not.toBeInstanceOf(AppError);
    expect(pooled).not.toBeInstanceOf(ProblemError);
    expect((pooled as Error).message).toMatch(/^a worker thread's task failed: .*JSON/);
  });

  it("resolves 200 concurrent gradings, each to its own inline grade", async () => {
    const problem = getBankProblem("nn-backprop");
    const jobs = Array.from({ length: 200 }, (_, i) => {
      const seed = 1000 + (i % 40);
      const { params } = buildVariant(problem, seed);
      const answers = Object.fromEntries(
        problem.parts.map((part, p) => {
          const { correct, wrong } = part.examples(params);
          return [part.id, ((i + p) % 3 === 0 && wrong.length > 0 ? wrong[0] : correct[0]) as string];
        }),
      );
      return { seed, answers };
    });
    const pooled = await Promise.all(jobs.map(({ seed, answers }) => pool.grade({ problem: bankRow("nn-backprop"), seed, answers })));
    jobs.forEach(({ seed, answers }, i) => expect(pooled[i]).toStrictEqual(gradeSubmission(buildVariant(problem, seed), answers)));
    expect(new Set(pooled.map((grade) => grade.score)).size).toBeGreaterThan(1);
  });
});

describe("the grading pool when a thread misbehaves", () => {
  let pool: GradingPool;
  let logged: jest.SpyInstance;
  beforeAll(() => {
    // A long timeout for the gradings that should go through: on a loaded machine, starting the
    // thread that replaces a dead one can take seconds. The stuck grading gets a short one of its own.
    pool = new GradingPool({ threads: 2, timeoutMs: 60_000, workerFile: FAULTY_WORKER });
    // The pool logs each failed thread for the operator; keep the test output readable and check that it did.
    logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
  });
  afterAll(async () => {
    expect(logged).toHaveBeenCalledWith(
      "[chainrule] a grading thread failed",
      expect.objectContaining({ message: "worker exited with code: 3" }),
    );
    logged.mockRestore();
    await pool.close();
  });

  const answers = { "b.8": "576*10 + 10" };
  const expected = () => gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 4), answers);
  /** Four gradings at once after a failure: all right, on a replacement thread where needed. */
  const expectGradingAgain = async () => {
    const after = await Promise.all([1, 2, 3, 4].map(() => pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers })));
    after.forEach((grade) => expect(grade).toStrictEqual(expected()));
  };

  it("grades as usual through the faulty worker when nothing goes wrong", async () => {
    expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers })).toStrictEqual(expected());
  });

  it("turns a grading stuck past the timeout into UNAVAILABLE, ends that thread, and keeps grading", async () => {
    const started = Date.now();
    const stuck = await pool
      .grade({ problem: bankRow("cnn-shapes"), seed: 4, answers: { __hang__: "1" } }, { timeoutMs: 2_000 })
      .catch((error: unknown) => error);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(stuck).toBeInstanceOf(AppError);
    expect((stuck as AppError).code).toBe("UNAVAILABLE");
    expect((stuck as AppError).message).toBe(
      "Grading did not finish within 2 s (the server is very busy, or these answers are too " +
        "costly to grade); nothing was stored and no attempt was used: submit again in a moment.",
    );
    await expectGradingAgain();
  });

  it("stops a validation over budget with UNAVAILABLE saying what to do, refuses a second one meanwhile, and keeps grading", async () => {
    const stuck = pool.validate({ text: "__hang__" }, { timeoutMs: 2_000 }).catch((error: unknown) => error);
    // Two threads: one validation at a time, so that gradings always have a thread.
    const second = await pool.validate({ text: "{}" }).catch((error: unknown) => error);
    expect(second).toEqual(
      new AppError("UNAVAILABLE", "The server is already validating other documents: validate again in a few seconds."),
    );
    expect(await stuck).toEqual(
      new AppError(
        "UNAVAILABLE",
        "Validation did not finish within 2 s and was stopped (the document is too costly " +
          "to run on this many seeds, or the server is busy): make it cheaper (smaller sizes, " +
          "fewer matrix products, known mistakes or samples) or validate again in a minute.",
      ),
    );
    await expectGradingAgain();
  });

  it("turns a thread that dies mid-grading into UNAVAILABLE, and keeps grading", async () => {
    const crashed = await pool
      .grade({ problem: bankRow("cnn-shapes"), seed: 4, answers: { __crash__: "1" } })
      .catch((error: unknown) => error);
    expect(crashed).toBeInstanceOf(AppError);
    expect((crashed as AppError).code).toBe("UNAVAILABLE");
    expect((crashed as AppError).message).toBe(
      "Grading failed on the server (its grading thread stopped); nothing was stored and no attempt was used: submit again.",
    );
    await expectGradingAgain();
  });

  it("fails only the grading that crashed, not the others running beside it", async () => {
    const results = await Promise.allSettled([
      pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers: { __crash__: "1" } }),
      ...[1, 2, 3, 4, 5, 6].map(() => pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers })),
    ]);
    expect(results[0].status).toBe("rejected");
    expect(((results[0] as PromiseRejectedResult).reason as AppError).code).toBe("UNAVAILABLE");
    // Each thread holds one grading at a time; the others wait in the pool's queue, so none goes down with the thread.
    results.slice(1).forEach((r) => expect(r).toStrictEqual({ status: "fulfilled", value: expected() }));
  });
});

describe("a full grading queue", () => {
  it("refuses a grading at once with UNAVAILABLE when the queue is full, and grades again once it drains", async () => {
    const pool = new GradingPool({ threads: 1, maxQueue: 1, timeoutMs: 60_000, workerFile: FAULTY_WORKER });
    const logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const answers = { "b.8": "576*10 + 10" };
      const expected = gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 2), answers);
      expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 2, answers })).toStrictEqual(expected);
      // The only thread is stuck on the first; the second waits in the queue; the third finds it full.
      const stuck = pool
        .grade({ problem: bankRow("cnn-shapes"), seed: 2, answers: { __hang__: "1" } }, { timeoutMs: 3_000 })
        .catch((error: unknown) => error);
      await new Promise((resolve) => setTimeout(resolve, 100));
      const waiting = pool.grade({ problem: bankRow("cnn-shapes"), seed: 2, answers });
      const refused = await pool.grade({ problem: bankRow("cnn-shapes"), seed: 2, answers }).catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).message).toBe(
        "The server is grading too many submissions at once; nothing was stored and no attempt was used: submit again in a few seconds.",
      );
      expect(((await stuck) as AppError).code).toBe("UNAVAILABLE");
      expect(await waiting).toStrictEqual(expected);
    } finally {
      logged.mockRestore();
      await pool.close();
    }
  });
});

describe("the process's grading pool", () => {
  afterAll(() => closeGradingPool());

  it("grades off the request thread through gradeOffThread, and starts again after being closed", async () => {
    const answers = { "a.dims": "(m, l)" };
    const inline = gradeSubmission(buildVariant(getBankProblem("chain-rule"), 9), answers);
    expect(await gradeOffThread({ problem: bankRow("chain-rule"), seed: 9, answers })).toStrictEqual(inline);
    await closeGradingPool();
    expect(await gradeOffThread({ problem: bankRow("chain-rule"), seed: 9, answers })).toStrictEqual(inline);
  });

  it("builds an authored variant off the request thread once, then serves it from this thread's cache", async () => {
    const row = { ...authoredRow, id: "authored-two-layer-tanh-off-thread" };
    const first = await variantOffThread(row, 11);
    expect(first).toEqual(buildVariant(authoredProblem, 11));
    expect(await variantOffThread(row, 11)).toBe(first);
  });

  it("validates through validateOffThread, with the grader's verdict", async () => {
    const text = JSON.stringify({ ...twoLayerTanh, parts: [{ ...twoLayerTanh.parts[1], samples: { correct: ["z.T"], wrong: [] } }] });
    const validation = await validateOffThread({ text, seeds: 3 });
    expect(validation).toMatchObject({ status: "failing-seeds", seeds: 3, failureCount: 3 });
  });
});

describe("idle grading threads", () => {
  it("exit after the idle timeout, down to the idle count, and a new one starts for the next grading", async () => {
    const pool = new GradingPool({ threads: 2, idleThreads: 0, idleTimeoutMs: 200, timeoutMs: 60_000 });
    try {
      const answers = { "b.8": "576*10 + 10" };
      const expected = gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 1), answers);
      expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 1, answers })).toStrictEqual(expected);
      expect(pool.liveThreads).toBeGreaterThan(0);
      // Wait (at most 20 s, for a loaded machine) for the idle thread to exit.
      for (let waited = 0; pool.liveThreads > 0 && waited < 20_000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(pool.liveThreads).toBe(0);
      expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 1, answers })).toStrictEqual(expected);
    } finally {
      await pool.close();
    }
  });
});

describe("a grading pool whose first thread is slow to start", () => {
  it("starts a grading's timeout once the thread has started, so the start-up is not counted as grading time", async () => {
    // The thread takes 3 s to start; the timeout is 2 s. Counting the start-up would time out every time.
    const pool = new GradingPool({ threads: 1, timeoutMs: 2_000, workerFile: SLOW_START_WORKER });
    try {
      const answers = { "b.8": "576*10 + 10" };
      const expected = gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 1), answers);
      expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 1, answers })).toStrictEqual(expected);
    } finally {
      await pool.close();
    }
  });
});

describe("a grading's timeout counts only its own grading time", () => {
  const answers = { "b.8": "576*10 + 10" };
  const expected = () => gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 4), answers);
  const grade = (pool: GradingPool, extra: Answers = {}, options?: { timeoutMs: number }) =>
    pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers: { ...answers, ...extra } }, options);

  it("does not time out gradings that wait for a free thread, each one shorter than the timeout", async () => {
    // One thread, 2 s each, three gradings of 1.2 s at once: the third waits 2.4 s before it starts.
    const pool = new GradingPool({ threads: 1, timeoutMs: 2_000, workerFile: FAULTY_WORKER });
    try {
      const grades = await Promise.all([1, 2, 3].map(() => grade(pool, { __slow__: "1200" })));
      grades.forEach((graded) => expect(graded).toStrictEqual(expected()));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("still stops a runaway grading at its timeout, and the grading after it waits for the slow replacement thread untimed", async () => {
    // Every thread takes 3 s to start; the timeout is 2 s.
    const logged = jest.spyOn(console, "error").mockImplementation(() => undefined);
    const pool = new GradingPool({ threads: 1, timeoutMs: 2_000, workerFile: SLOW_START_FAULTY_WORKER });
    try {
      expect(await grade(pool)).toStrictEqual(expected());
      const started = Date.now();
      const stuck = await grade(pool, { __hang__: "1" }).catch((error: unknown) => error);
      expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
      expect(stuck).toBeInstanceOf(AppError);
      expect((stuck as AppError).message).toMatch(/^Grading did not finish within 2 s/);
      // The stuck thread was ended: this grading waits about 3 s for its replacement, and is graded.
      const afterReplacement = Date.now();
      expect(await grade(pool)).toStrictEqual(expected());
      expect(Date.now() - afterReplacement).toBeGreaterThanOrEqual(2_000);
    } finally {
      await pool.close();
      logged.mockRestore();
    }
  }, 60_000);

  it("refuses a task as busy once it has waited past the pool's wait bound for a thread", async () => {
    const pool = new GradingPool({ threads: 1, timeoutMs: 10_000, threadWaitMs: 1_000, workerFile: FAULTY_WORKER });
    try {
      // First the thread starts (seconds on a loaded machine), under a longer wait bound.
      expect(await pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers }, { threadWaitMs: 60_000 })).toStrictEqual(expected());
      const [slow, waiting] = await Promise.allSettled([grade(pool, { __slow__: "3000" }), grade(pool)]);
      expect(slow).toMatchObject({ status: "fulfilled" });
      expect(waiting.status).toBe("rejected");
      const refused = (waiting as PromiseRejectedResult).reason as AppError;
      expect(refused.code).toBe("UNAVAILABLE");
      expect(refused.message).toMatch(/^The server is grading too many submissions at once/);
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("grading pool settings", () => {
  it("uses two threads by default, or one on a single core", () => {
    expect(gradingThreads({})).toBe(Math.min(2, availableParallelism()));
  });

  it("reads CHAINRULE_GRADING_THREADS, and a blank one as unset, as every whole-number setting", () => {
    expect(gradingThreads({ CHAINRULE_GRADING_THREADS: "3" })).toBe(3);
    expect(gradingThreads({ CHAINRULE_GRADING_THREADS: "  " })).toBe(gradingThreads({}));
  });

  it.each(["0", "-1", "1.5", "many", "65"])("refuses CHAINRULE_GRADING_THREADS=%s, naming the variable", (value) => {
    expect(() => gradingThreads({ CHAINRULE_GRADING_THREADS: value })).toThrow(
      `CHAINRULE_GRADING_THREADS must be the number of grading threads per app process: a whole number from 1 to 64, not "${value}".`,
    );
  });

  it("lowers the grading threads' priority by 10 by default, or by CHAINRULE_GRADING_NICE", () => {
    expect(gradingNice({})).toBe(DEFAULT_GRADING_NICE);
    expect(DEFAULT_GRADING_NICE).toBe(10);
    expect(gradingNice({ CHAINRULE_GRADING_NICE: "0" })).toBe(0);
    expect(gradingNice({ CHAINRULE_GRADING_NICE: "19" })).toBe(19);
  });

  it.each(["-1", "20", "2.5", "low"])("refuses CHAINRULE_GRADING_NICE=%s, naming the variable", (value) => {
    expect(() => gradingNice({ CHAINRULE_GRADING_NICE: value })).toThrow(
      `CHAINRULE_GRADING_NICE must be how much lower the grading threads' priority is than the ` +
        `request thread's (a Linux nice increment): a whole number from 0 to 19, not "${value}".`,
    );
  });

  it("gives validation 30 s by default or CHAINRULE_AUTHORING_TIMEOUT_SECONDS, and refuses a budget that is not whole seconds", () => {
    expect(authoringTimeoutMs({})).toBe(30_000);
    expect(authoringTimeoutMs({ CHAINRULE_AUTHORING_TIMEOUT_SECONDS: "5" })).toBe(5_000);
    expect(() => authoringTimeoutMs({ CHAINRULE_AUTHORING_TIMEOUT_SECONDS: "0" })).toThrow(
      `CHAINRULE_AUTHORING_TIMEOUT_SECONDS must be the seconds a problem document's ` +
        `validation may run before it is stopped: a whole number from 1 to 600, not "0".`,
    );
  });

  it("runs its threads at the lower priority and leaves the request thread's alone (Linux)", async () => {
    // A thread that ended between the listing and the read has no nice value to count.
    const niceOf = (tid: string) => readProcStat(`/proc/self/task/${tid}/stat`)?.nice ?? Number.NaN;
    const threadNices = () => readdirSync("/proc/self/task").map(niceOf);
    const mainThread = niceOf(String(process.pid));
    const before = threadNices().filter((nice) => nice === mainThread + 7).length;
    const pool = new GradingPool({ threads: 1, niceIncrement: 7, timeoutMs: 60_000 });
    try {
      const answers = { "b.8": "576*10 + 10" };
      await pool.grade({ problem: bankRow("cnn-shapes"), seed: 1, answers });
      expect(threadNices().filter((nice) => nice === mainThread + 7).length).toBeGreaterThan(before);
      expect(niceOf(String(process.pid))).toBe(mainThread);
    } finally {
      await pool.close();
    }
  });

  it("refuses to start without its worker file, saying where it looked", () => {
    expect(() => new GradingPool({ workerFile: "/nowhere/grading-worker.mjs" })).toThrow(
      /^The grading worker \/nowhere\/grading-worker\.mjs is missing: start the app from the project's root folder/,
    );
  });
});

describe("the grading timeout when the request thread stalls", () => {
  it("does not fail a grading because this thread was blocked past the timeout (as better-sqlite3 does on a locked database)", async () => {
    // No idle thread: this grading must start one, which needs this thread's event loop.
    const pool = new GradingPool({ threads: 1, idleThreads: 0, timeoutMs: 3_000 });
    try {
      const answers = { "a.1": "16, 64, 64" };
      const pending = pool.grade({ problem: bankRow("cnn-shapes"), seed: 4, answers });
      const blockedUntil = Date.now() + 4_000;
      while (Date.now() < blockedUntil) {
        // blocked, past the 3 s timeout
      }
      const grade = await pending;
      expect(grade).toStrictEqual(gradeSubmission(buildVariant(getBankProblem("cnn-shapes"), 4), answers));
    } finally {
      await pool.close();
    }
  }, 30_000);
});
