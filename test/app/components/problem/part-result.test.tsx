import { renderToStaticMarkup } from "react-dom/server";
import { PartResultView, partResultTone } from "@/app/components/problem/part-result";

describe("a part's result banner", () => {
  it("is green only for full credit on a part worth points", () => {
    expect(partResultTone(1, 2)).toBe("correct");
    expect(partResultTone(0.5, 2)).toBe("partial");
    expect(partResultTone(0, 2)).toBe("wrong");
    expect(partResultTone(1, 0)).toBe("partial");
  });

  it("renders a 0-point result as not correct, in red", () => {
    const html = renderToStaticMarkup(
      <PartResultView outcome={{ id: "a.z", score: 0, feedback: "z is the hidden layer's activation.", status: "graded" }} points={2} />,
    );
    expect(html).toContain('class="part-result wrong"');
    expect(html).toContain("Not correct");
    expect(html).not.toContain("part-result correct");
  });
});
