import katex from "katex";
import { LruCache } from "@/grader/lru-cache";

/**
 * One formula given as LaTeX (no $ delimiters) as KaTeX's HTML. KaTeX
 * escapes what it renders and trust is off by default (no \href,
 * \htmlClass), so the HTML is safe to insert; throwOnError false shows a
 * typo in the danger colour (a custom property, so it follows the colour
 * scheme) instead of breaking the page. The stylesheet comes with
 * markdown-math.tsx, which every page that shows formulas renders.
 */
export function texToHtml(latex: string, display = false): string {
  return katex.renderToString(latex, { throwOnError: false, errorColor: "var(--danger)", displayMode: display, strict: "ignore" });
}

// Formulas a page renders on its own (markdown-math.tsx's Tex), kept because
// a student's parameters are rendered on every reload of their problem page,
// the commonest request in a deadline rush (figures: BENCHMARKS.md, "Problem
// page"). Formulas inside Markdown are kept whole by markdown-html.ts. The
// character bound holds some 800 students' parameters (about 19,000
// characters each) whatever the formulas' sizes.
const CACHE_FORMULAS = 10_000;
const CACHE_CHARACTERS = 16_000_000;
const cache = new LruCache<string>(CACHE_FORMULAS, { maxWeight: CACHE_CHARACTERS, weigh: (html) => html.length });

/** texToHtml, rendered once for each formula and display style. */
export function cachedTexToHtml(latex: string, display = false): string {
  return cache.getOrCreate(`${display ? "d" : "i"}:${latex}`, () => texToHtml(latex, display));
}
