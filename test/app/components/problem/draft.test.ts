import { draftToRaw } from "@/app/components/problem/answer-draft";
import { emptyDraft, isDraftAnswered, type AnswerDraft } from "@/app/components/problem/draft";
import { publicPart } from "./sample-data";

// The page counts answered parts with isDraftAnswered before the grader is
// loaded, and submits with draftToRaw once it is: the two must agree.
describe("isDraftAnswered", () => {
  const cases: [string, string, AnswerDraft][] = [
    ["nn-backprop", "d.dW0", { kind: "text", text: "" }],
    ["nn-backprop", "d.dW0", { kind: "text", text: "   " }],
    ["nn-backprop", "d.dW0", { kind: "text", text: "W0 @ x" }],
    ["zero-init", "a.y", { kind: "text", text: "not a number" }],
    [
      "nn-backprop",
      "e.dW0",
      {
        kind: "grid",
        grid: [
          ["", ""],
          [" ", ""],
        ],
      },
    ],
    [
      "nn-backprop",
      "e.dW0",
      {
        kind: "grid",
        grid: [
          ["", "1"],
          ["", ""],
        ],
      },
    ],
    [
      "nn-backprop",
      "e.dW0",
      {
        kind: "grid",
        grid: [
          ["x", ""],
          ["", ""],
        ],
      },
    ],
    ["chain-rule", "a.conditions", { kind: "choice", selected: [] }],
    ["chain-rule", "a.conditions", { kind: "choice", selected: ["g-at-x"] }],
  ];

  it.each(cases)("agrees with draftToRaw on %s %s %j", (slug, partId, draft) => {
    const spec = publicPart(slug, partId).answer;
    expect(isDraftAnswered(draft)).toBe(draftToRaw(spec, draft) !== null);
  });

  it("counts an empty draft of every kind as unanswered", () => {
    for (const [slug, partId] of [
      ["nn-backprop", "d.dW0"],
      ["nn-backprop", "e.dW0"],
      ["zero-init", "c.pairs"],
      ["cnn-shapes", "a.1"],
    ]) {
      expect(isDraftAnswered(emptyDraft(publicPart(slug, partId).answer))).toBe(false);
    }
  });
});
