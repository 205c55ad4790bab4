import { AppError } from "@/lib/errors";
import { getBankProblem } from "@/grader/bank";
import { ProblemError } from "@/grader/problems";
import { crossingReply, isPlainData, runTask, type WorkerTask } from "@/lib/grading/grading-task";
import { valueOfReply } from "@/lib/grading/grading-pool";

describe("replies that cross threads", () => {
  it("passes a plain grade through, and turns one that cannot be copied between threads into an Unexpected failure", () => {
    const grade = { score: 1, parts: [], invalidParts: [] };
    expect(crossingReply({ ok: true, value: grade })).toEqual({ ok: true, value: grade });
    const withFunction = {
      ok: true as const,
      value: { ...grade, parts: [{ id: "a", points: 1, score: 1, feedback: "", result: null, render: () => "x" }] },
    };
    expect(crossingReply(withFunction)).toEqual({
      ok: false,
      error: { kind: "Unexpected", message: expect.stringMatching(/^its result cannot be sent between threads \(.*could not be cloned/) },
    });
  });
});

describe("the plain-data check that spares a reply its trial copy", () => {
  const nnBackprop = getBankProblem("nn-backprop");
  const row = { id: "row-nn", slug: "nn-backprop", version: nnBackprop.version, source: "BANK" as const, definition: null };
  const answers = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z", "a.y": "W1 @ z", "b.db1": "1" };

  it("takes a real grade (right, wrong and invalid parts) for plain data, so it crosses without a trial copy", () => {
    const reply = runTask({ kind: "grade", problem: row, seed: 4, answers: { ...answers, "a.y": "W1 @ z.T" } });
    expect(reply.ok).toBe(true);
    expect(isPlainData(reply)).toBe(true);
    expect(crossingReply(reply)).toBe(reply);
  });

  it("leaves to structuredClone what it cannot vouch for: typed arrays, class instances, maps, cycles, proxies", () => {
    const cycle: Record<string, unknown> = { a: 1 };
    cycle.self = cycle;
    for (const value of [new Float64Array(2), new (class Point {})(), new Map(), cycle, new Proxy({}, {}), [Symbol("s")]]) {
      expect(isPlainData({ ok: true, value: { nested: [value] } })).toBe(false);
    }
    // Those that structuredClone can copy still cross, unchanged.
    for (const value of [new Float64Array(2), new Map([["a", 1]]), cycle]) {
      const reply = { ok: true as const, value };
      expect(crossingReply(reply)).toBe(reply);
    }
  });

  it("still turns a function hidden in a class instance or behind a cycle into an Unexpected failure", () => {
    const holder = new (class Holder {
      render = () => "x";
    })();
    const cycle: Record<string, unknown> = { render: () => "x" };
    cycle.self = cycle;
    for (const value of [holder, cycle]) {
      expect(crossingReply({ ok: true, value })).toMatchObject({ ok: false, error: { kind: "Unexpected" } });
    }
  });
});

describe("errors that cross threads", () => {
  const staleBankRow = { id: "row-stale", slug: "nn-backprop", version: 0, source: "BANK" as const, definition: null };
  const throwOf = (task: WorkerTask) => {
    try {
      return valueOfReply(runTask(task));
    } catch (error) {
      return error;
    }
  };

  it("sends a ProblemError as its toJSON and throws it again as a ProblemError with its code and message", () => {
    const chainRule = { ...staleBankRow, id: "row-chain-rule", slug: "chain-rule", version: getBankProblem("chain-rule").version };
    const reply = runTask({ kind: "variant", problem: chainRule, seed: -1 });
    expect(reply).toEqual({
      ok: false,
      error: { kind: "Typed", error: expect.objectContaining({ name: "ProblemError", code: "INVALID_SEED" }), stack: expect.any(String) },
    });
    const rethrown = throwOf({ kind: "variant", problem: chainRule, seed: -1 });
    expect(rethrown).toBeInstanceOf(ProblemError);
    expect(rethrown).toMatchObject({ code: "INVALID_SEED" });
  });

  it("throws a stored version this server cannot build as AppError UNAVAILABLE, as the app answers it inline", () => {
    const rethrown = throwOf({ kind: "variant", problem: staleBankRow, seed: 1 });
    expect(rethrown).toBeInstanceOf(AppError);
    expect(rethrown).toMatchObject({
      code: "UNAVAILABLE",
      message: expect.stringMatching(/^Problem nn-backprop version 0 is not in this server's bank/),
    });
  });
});
