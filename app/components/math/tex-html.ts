import katex from "katex";
import { LruCache } from "@/grader/lru-cache";

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

// Formulas kept, for the ones a page renders on its own (markdown-math.tsx's
// Tex): a student's parameters (nn-backprop's four matrices and a scalar)
// are rendered on every load of their problem page, and reloading it is
// what students do most during a deadline rush. KaTeX took about 4 ms of
// the page's 35 ms of server CPU (scripts/bench/problem-page.ts). Formulas
// inside Markdown are not kept here: markdown-html.ts keeps each text's
// whole HTML. Labels such as W^{(0)} are shared; values are the student's
// own, five formulas a student of about 19,000 characters together (a
// matrix's HTML is 2 to 8 thousand): 16 million characters (16 to 32 MB)
// hold the parameters of about 800 students, and bound the cache whatever
// the formulas' sizes.
const CACHE_FORMULAS = 10_000;
const CACHE_CHARACTERS = 16_000_000;
const cache = new LruCache<string>(CACHE_FORMULAS, { maxWeight: CACHE_CHARACTERS, weigh: (html) => html.length });

/** texToHtml, rendered once for each formula and display style. */
export function cachedTexToHtml(latex: string, display = false): string {
  return cache.getOrCreate(`${display ? "d" : "i"}:${latex}`, () => texToHtml(latex, display));
}
