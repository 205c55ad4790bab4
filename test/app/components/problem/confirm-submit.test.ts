import { submitWarnings } from "@/app/components/problem/confirm-submit";

describe("the question before submitting", () => {
  it("warns of the last attempt and of blank parts, and of nothing otherwise", () => {
    expect(submitWarnings({ attemptsLeft: 1, blankParts: 0 })).toEqual(["This uses your last attempt."]);
    expect(submitWarnings({ attemptsLeft: 3, blankParts: 1 })).toEqual(["1 part is blank: it scores 0 in this attempt."]);
    expect(submitWarnings({ attemptsLeft: 1, blankParts: 8 })).toEqual([
      "This uses your last attempt.",
      "8 parts are blank: they score 0 in this attempt.",
    ]);
    expect(submitWarnings({ attemptsLeft: 2, blankParts: 0 })).toEqual([]);
    expect(submitWarnings({ attemptsLeft: null, blankParts: 0 })).toEqual([]);
  });
});
