import { readFileSync } from "node:fs";
import { join } from "node:path";
import { BANK, bankPath, PROBLEM_SETS } from "@/grader/bank";
import { variant } from "./support";

describe("the Section 10 problem set", () => {
  it("lists its problems in the handout's order, with fixed slugs and part ids", () => {
    const section10 = BANK.filter((entry) => entry.set === "section-10");
    expect(section10.map((entry) => [entry.problem.slug, entry.problem.parts.map((part) => part.id)])).toEqual([
      ["rnn-bptt", ["a.Wxh", "a.h2", "b.dWhh", "b.dWxh", "c.y", "c.dWhh"]],
      ["recurrent-params", ["a.rnn", "a.lstm", "a.gru", "b.params", "b.features"]],
      ["multihead-attention", ["a.headDim", "a.query", "a.key", "a.value", "a.scores", "a.output", "b.params"]],
      ["softmax-jacobian", ["a.scores", "a.weights", "b.formula", "c.values"]],
      ["conv-transpose-shapes", ["a.1", "a.2", "a.3", "b.1", "b.2", "b.3"]],
      ["transformer-encoder-params", ["a.attention", "a.feedforward", "a.norms", "b.total", "b.shape"]],
    ]);
    expect(bankPath("rnn-bptt")).toBe("section-10/rnn-bptt");
  });

  it("comes after Section 07 in course order and gets a demo assessment", () => {
    const slugs = PROBLEM_SETS.map((set) => set.slug);
    expect(slugs.indexOf("section-10")).toBeGreaterThan(slugs.indexOf("section-07"));
    const set = PROBLEM_SETS.find((entry) => entry.slug === "section-10")!;
    expect(set).toMatchObject({ title: "Section 10: sequences and attention", demo: true });
  });

  it("has a handout with a question for each problem's source", () => {
    const handout = readFileSync(join(__dirname, "../../../../grader/bank/section-10/handout.md"), "utf8");
    const set = PROBLEM_SETS.find((entry) => entry.slug === "section-10")!;
    for (const problem of set.problems) {
      const question = /question (\d+)/.exec(problem.source ?? "")![1];
      expect(handout).toMatch(new RegExp(`^## ${question}\\. `, "m"));
    }
  });

  it.each(BANK.filter((entry) => entry.set === "section-10").map((entry) => entry.problem.slug))(
    "%s draws the same variant from the same seed",
    (slug) => {
      for (const seed of [0, 1, 17, 4294967295]) {
        expect(JSON.stringify(variant(slug, seed).public)).toBe(JSON.stringify(variant(slug, seed).public));
      }
    },
  );
});
