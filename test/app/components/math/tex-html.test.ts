// One formula as KaTeX's HTML; the formulas a page renders on its own (a
// student's parameters, on every load of their problem page) are kept.
import katex from "katex";
import { cachedTexToHtml, texToHtml } from "@/app/components/math/tex-html";

const KATEX_OPTIONS = { throwOnError: false, strict: "ignore" } as const;

describe("texToHtml", () => {
  it("gives KaTeX's HTML for the formula, inline or display", () => {
    const latex = "W^{(0)} = \\begin{bmatrix} 0.2 & 0.7 \\\\ 1.3 & -1 \\end{bmatrix}";
    expect(texToHtml(latex)).toBe(katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: false }));
    expect(texToHtml(latex, true)).toBe(katex.renderToString(latex, { ...KATEX_OPTIONS, displayMode: true }));
    expect(texToHtml(latex, true)).toContain('class="katex-display"');
    expect(texToHtml(latex)).not.toContain("katex-display");
  });

  it("shows a typo in red rather than throwing", () => {
    expect(texToHtml("\\frac{1}{")).toContain("katex-error");
  });
});

describe("cachedTexToHtml", () => {
  afterEach(() => jest.restoreAllMocks());

  it("gives the same HTML as texToHtml, inline or display", () => {
    const latex = "b^{(0)} = \\begin{bmatrix} -2 \\\\ -0.4 \\end{bmatrix}";
    expect(cachedTexToHtml(latex)).toBe(texToHtml(latex));
    expect(cachedTexToHtml(latex, true)).toBe(texToHtml(latex, true));
  });

  it("renders a formula once and answers the same HTML for it afterwards, each display style on its own", () => {
    const render = jest.spyOn(katex, "renderToString");
    const latex = "b^{(1)} = -0.8125";
    const first = cachedTexToHtml(latex);
    expect(cachedTexToHtml(latex)).toBe(first);
    expect(render).toHaveBeenCalledTimes(1);
    const display = cachedTexToHtml(latex, true);
    expect(cachedTexToHtml(latex, true)).toBe(display);
    expect(display).not.toBe(first);
    expect(render).toHaveBeenCalledTimes(2);
  });
});
