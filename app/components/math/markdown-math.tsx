/**
 * Markdown with LaTeX ($…$ inline, $$…$$ display), as problem statements,
 * prompts and choice options are written (grader/problems/types.ts).
 *
 * KaTeX and its fonts come from the npm package: Next bundles the CSS and
 * the font files it references, so nothing is fetched from a CDN. Raw HTML in
 * the Markdown is dropped (skipHtml, and no rehype-raw): problem text is
 * authored, but it is still not allowed to inject markup.
 */
import "katex/dist/katex.min.css";
import type { ReactNode } from "react";
import Markdown, { type Components } from "react-markdown";
import rehypeKatex from "rehype-katex";
import remarkMath from "remark-math";
import { texToHtml } from "./tex-html";

const remarkPlugins = [remarkMath];
// throwOnError false: a typo in an authored formula shows in red instead of breaking the page.
const rehypePlugins: [typeof rehypeKatex, { throwOnError: boolean; strict: "ignore" }][] = [[rehypeKatex, { throwOnError: false, strict: "ignore" }]];

// Inside a <label> or a heading only phrasing content is valid, so inline
// rendering turns paragraphs into spans.
const inlineComponents: Components = {
  p: ({ children }) => <span className="md-inline-paragraph">{children}</span>,
};

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
    <Wrapper className={["markdown-math", className].filter(Boolean).join(" ")}>
      <Markdown remarkPlugins={remarkPlugins} rehypePlugins={rehypePlugins} components={inline ? inlineComponents : undefined} skipHtml>
        {source}
      </Markdown>
    </Wrapper>
  );
}

export interface TexProps {
  /** A LaTeX formula, without $ delimiters. */
  latex: string;
  /** Display (block) style rather than inline. */
  display?: boolean;
  className?: string;
}

/** One formula given as LaTeX (not Markdown): a parameter's matrix, the expression preview. */
export function Tex({ latex, display = false, className }: TexProps): ReactNode {
  // No hooks, so that server components can use it too; a formula renders in
  // well under a millisecond. texToHtml's output is safe to insert.
  const html = texToHtml(latex, display);
  const Element = display ? "div" : "span";
  return <Element className={["tex", className].filter(Boolean).join(" ")} dangerouslySetInnerHTML={{ __html: html }} />;
}
