/**
 * Markdown with LaTeX ($…$ inline, $$…$$ display), as problem statements,
 * prompts and choice options are written (grader/problems/types.ts),
 * rendered to HTML by markdown-html.ts (safe to insert: see there).
 *
 * KaTeX and its fonts come from the npm package: Next bundles the CSS and
 * the font files it references, so nothing is fetched from a CDN.
 */
import "katex/dist/katex.min.css";
import type { ReactNode } from "react";
import { ScrollBox } from "../table/scroll-box";
import { markdownToHtml } from "./markdown-html";
import { cachedTexToHtml } from "./tex-html";

export interface MarkdownMathProps {
  /** Markdown with $…$ / $$…$$ LaTeX. */
  source: string;
  /** Render paragraphs as spans, for use inside labels and table cells. */
  inline?: boolean;
  className?: string;
}

export function MarkdownMath({ source, inline = false, className }: MarkdownMathProps) {
  const Wrapper = inline ? "span" : "div";
  return (
    <Wrapper
      className={["markdown-math", className].filter(Boolean).join(" ")}
      dangerouslySetInnerHTML={{ __html: markdownToHtml(source, inline) }}
    />
  );
}

export interface TexProps {
  /** A LaTeX formula, without $ delimiters. */
  latex: string;
  /** Display (block) style rather than inline. */
  display?: boolean;
  className?: string;
  /** Names a display formula's scroll box for a screen reader, once the formula is wider than the screen: "W0 = the matrix". */
  label?: string;
}

/** One formula given as LaTeX (not Markdown): a parameter's matrix, the expression preview. */
export function Tex({ latex, display = false, className, label = "Formula" }: TexProps): ReactNode {
  // No hooks, so that server components can use it too. A matrix takes KaTeX
  // about a millisecond, and a student's parameters are shown on every load
  // of their page: each formula's HTML is kept (tex-html.ts). It is safe to insert.
  const html = cachedTexToHtml(latex, display);
  const classes = ["tex", className].filter(Boolean).join(" ");
  if (!display) return <span className={classes} dangerouslySetInnerHTML={{ __html: html }} />;
  // A matrix wider than a phone scrolls in a box that a keyboard can reach (axe: scrollable-region-focusable).
  return (
    <ScrollBox label={label}>
      <div className={classes} dangerouslySetInnerHTML={{ __html: html }} />
    </ScrollBox>
  );
}
