import { spokenTexLabel } from "@/app/components/problem/choice-input";

// A choice written in maths needs a name a screen reader (and axe) can read:
// KaTeX's visible output is aria-hidden.
describe("the spoken name of a choice option", () => {
  it("is the option's TeX without its markup when the option is maths", () => {
    expect(spokenTexLabel("$z_{1} = 95.2$")).toBe("z_1 = 95.2");
    expect(spokenTexLabel("$\\sigma(x)$ saturates")).toBe("sigma(x) saturates");
  });

  it("is left to the visible label when the option is plain text", () => {
    expect(spokenTexLabel("Every hidden unit stays the same")).toBeUndefined();
  });
});
