import {
  analyzeExpressionDraft,
  checkDraft,
  draftFromRaw,
  draftToRaw,
  emptyDraft,
  showsLiveError,
} from "@/app/components/problem/answer-draft";
import type { SpecOf } from "@/grader/answers";
import { publicPart } from "./sample-data";

const dW0 = publicPart("nn-backprop", "d.dW0").answer as SpecOf<"expression">;

describe("the live expression check, on the public spec the browser receives", () => {
  it("reports the missing transpose in (W1 * z * (1 - z)) @ x.T, with its span and the shapes up to it", () => {
    const analysis = analyzeExpressionDraft(dW0, "(W1 * z * (1 - z)) @ x.T");
    expect(analysis?.ok).toBe(false);
    if (!analysis || analysis.ok) return;
    expect(analysis.error.message).toBe("W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?");
    expect([analysis.error.offset, analysis.error.length]).toEqual([1, 6]);
    const known = analysis.interpretation?.parts.filter((part) => part.shapeText).map((part) => [part.canonical, part.shapeText]);
    expect(known).toEqual([
      ["W1", "1×h"],
      ["z", "h×1"],
    ]);
  });

  it("reads (W1.T * z * (1 - z)) @ x.T as an h×d expression, rendered in LaTeX with the problem's names", () => {
    const analysis = analyzeExpressionDraft(dW0, "(W1.T * z * (1 - z)) @ x.T");
    expect(analysis?.ok).toBe(true);
    expect(analysis?.interpretation?.parts.at(-1)?.shapeText).toBe("h×d");
    expect(analysis?.interpretation?.latex).toContain("W^{(1)}");
  });

  it("shows a shape error only with shape verdicts (practice), a syntax error always", () => {
    const wrongShape = analyzeExpressionDraft(dW0, "(W1 * z * (1 - z)) @ x.T");
    const unreadable = analyzeExpressionDraft(dW0, "(W1.T * z");
    if (!wrongShape || wrongShape.ok || !unreadable || unreadable.ok) throw new Error("expected two errors");
    expect([showsLiveError(wrongShape.error, true), showsLiveError(wrongShape.error, false)]).toEqual([true, false]);
    expect([showsLiveError(unreadable.error, true), showsLiveError(unreadable.error, false)]).toEqual([true, true]);
    // The preview of how it was read stays.
    expect(wrongShape.interpretation?.canonical).toMatch(/W1/);
  });

  it("says nothing about an empty field", () => {
    expect(analyzeExpressionDraft(dW0, "   ")).toBeNull();
  });
});

describe("the live check of value answers", () => {
  it("reads an integer with arithmetic and shows it with digit groups", () => {
    const spec = publicPart("cnn-shapes", "b.1").answer;
    expect(checkDraft(spec, { kind: "text", text: "3*16*3*3 + 16" })).toEqual({ status: "ok", readAs: "448" });
    expect(checkDraft(spec, { kind: "text", text: "1180224" })).toEqual({ status: "ok", readAs: "1,180,224" });
  });

  it("reads a shape and rejects a symbol the part does not allow", () => {
    const spec = publicPart("cnn-shapes", "a.1").answer;
    expect(checkDraft(spec, { kind: "text", text: "[N, 16, 64, 64]" })).toEqual({ status: "ok", readAs: "(N, 16, 64, 64)" });
    const unknown = checkDraft(spec, { kind: "text", text: "(B, 16, 64, 64)" });
    expect(unknown.status).toBe("error");
    expect(unknown.status === "error" && unknown.message).toMatch(/^[A-Z]/);
  });

  it("names the grid cell at fault as row and column, counted from 1", () => {
    const spec = publicPart("nn-backprop", "e.dW0").answer;
    const check = checkDraft(spec, {
      kind: "grid",
      grid: [
        ["1", "2"],
        ["3", "abc"],
      ],
    });
    expect(check.status).toBe("error");
    expect(check.status === "error" && check.cell).toEqual([1, 1]);
    expect(check.status === "error" && check.message).toMatch(/^Row 2, column 2: /);
  });

  it("is empty, not an error, before anything is typed", () => {
    const spec = publicPart("zero-init", "a.y").answer;
    expect(checkDraft(spec, emptyDraft(spec))).toEqual({ status: "empty" });
  });
});

describe("what each kind of draft submits", () => {
  it("sends a single choice as its id and a multiple choice as a list of ids", () => {
    const single = publicPart("chain-rule", "b.why").answer;
    const multiple = publicPart("chain-rule", "a.conditions").answer;
    expect(draftToRaw(single, { kind: "choice", selected: ["three-indices"] })).toBe("three-indices");
    expect(draftToRaw(multiple, { kind: "choice", selected: ["g-at-x", "f-at-gx"] })).toEqual(["g-at-x", "f-at-gx"]);
    expect(draftToRaw(multiple, { kind: "choice", selected: [] })).toBeNull();
  });

  it("leaves out a blank text field", () => {
    expect(draftToRaw(dW0, { kind: "text", text: "  " })).toBeNull();
    expect(draftToRaw(dW0, { kind: "text", text: "W1.T" })).toBe("W1.T");
  });
});

describe("restoring the last submission's answers into the inputs", () => {
  it("restores text, grids, choices and shape lists, and drops what does not fit", () => {
    expect(draftFromRaw(dW0, "(W1.T * z * (1 - z)) @ x.T")).toEqual({ kind: "text", text: "(W1.T * z * (1 - z)) @ x.T" });
    expect(draftFromRaw(publicPart("nn-backprop", "e.db0").answer, [[1], [2]])).toEqual({ kind: "grid", grid: [["1"], ["2"]] });
    expect(draftFromRaw(publicPart("chain-rule", "b.why").answer, "three-indices")).toEqual({
      kind: "choice",
      selected: ["three-indices"],
    });
    expect(draftFromRaw(publicPart("chain-rule", "a.conditions").answer, ["g-at-x", "not-an-option"])).toEqual({
      kind: "choice",
      selected: ["g-at-x"],
    });
    expect(draftFromRaw(publicPart("cnn-shapes", "a.1").answer, ["N", 16, 64, 64])).toEqual({ kind: "text", text: "(N, 16, 64, 64)" });
    expect(draftFromRaw(dW0, { not: "an answer" })).toEqual({ kind: "text", text: "" });
  });
});
