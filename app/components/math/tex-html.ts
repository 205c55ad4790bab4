import katex from "katex";

/**
 * One formula given as LaTeX (no $ delimiters) as KaTeX's HTML. KaTeX
 * escapes what it renders and trust is off by default (no \href,
 * \htmlClass), so the HTML is safe to insert; throwOnError false shows a
 * typo in red instead of breaking the page. The stylesheet comes with
 * markdown-math.tsx, which every page that shows formulas renders.
 */
export function texToHtml(latex: string, display = false): string {
  return katex.renderToString(latex, { throwOnError: false, displayMode: display, strict: "ignore" });
}
