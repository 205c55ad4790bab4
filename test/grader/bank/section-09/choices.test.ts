import { BANK } from "@/grader/bank";
import { reference, variant } from "./golden";

// A choice whose right option is visibly the longest, the most qualified one, can be guessed without the maths.
describe("Section 09's choice parts", () => {
  const choiceParts = BANK.filter((entry) => entry.set === "section-09").flatMap((entry) => {
    const v = variant(entry.problem.slug, 0);
    return v.parts.filter((part) => part.answer.kind === "choice").map((part) => [`${entry.problem.slug} ${part.id}`, v, part.id] as const);
  });

  it("exist in every problem but batch-norm", () => {
    expect(choiceParts.map(([name]) => name)).toEqual(["residual-gradient e.why", "vanishing-gradients e.why", "resnet-block g.why"]);
  });

  it.each(choiceParts)("%s: the right option is not the longest, and every wrong one explains itself", (_name, v, partId) => {
    const spec = v.parts.find((part) => part.id === partId)!.answer as { options: { id: string; text: string; feedback?: string }[] };
    const right = spec.options.find((option) => option.id === reference(v, partId))!;
    expect(right.text.length).toBeLessThan(Math.max(...spec.options.map((option) => option.text.length)));
    for (const option of spec.options.filter((other) => other !== right)) expect(option.feedback?.length).toBeGreaterThan(20);
  });
});
