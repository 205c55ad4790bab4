/**
 * A variant's texts rendered as React nodes: statement, parameters, and per
 * part its prompt, hints, choice options and (once revealed) reference.
 * They are Markdown with LaTeX, and rendering them takes the Markdown parser and
 * KaTeX, which are much of a page's JavaScript. None of them changes while a
 * student works, so the student's page renders them on the server (no "use
 * client" here) and hands the nodes to its client components; the browser
 * then never downloads the renderers. The author's preview, which renders in
 * the browser anyway, uses the same functions there.
 */
import type { ReactNode } from "react";
import type { PublicPart, PublicVariant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import { MarkdownMath } from "../math/markdown-math";
import { ParamsPanel } from "./params-panel";
import { ReferenceAnswer } from "./reference-answer";

export interface PartTexts {
  prompt: ReactNode;
  hints: ReactNode[];
  /** A choice part's option texts, by option id; empty for other kinds. */
  options: Record<string, ReactNode>;
  /** The part's reference, only once the assessment reveals it. */
  reference?: ReactNode;
}

export interface VariantTexts {
  statement: ReactNode;
  /** The parameters panel (with its copy buttons). */
  params: ReactNode;
  /** By part id. */
  parts: Record<string, PartTexts>;
}

export function renderPartTexts(part: PublicPart, reference?: Json): PartTexts {
  const spec = part.answer;
  return {
    prompt: <MarkdownMath source={part.prompt} />,
    hints: part.hints.map((hint, i) => <MarkdownMath key={i} source={hint} />),
    options:
      spec.kind === "choice"
        ? Object.fromEntries(spec.options.map((option) => [option.id, <MarkdownMath key={option.id} source={option.text} inline />]))
        : {},
    ...(reference !== undefined ? { reference: <ReferenceAnswer spec={spec} reference={reference} /> } : {}),
  };
}

export function renderVariantTexts(variant: PublicVariant, references?: Record<string, Json>): VariantTexts {
  return {
    statement: <MarkdownMath source={variant.statement} />,
    params: <ParamsPanel params={variant.params} />,
    parts: Object.fromEntries(variant.parts.map((part) => [part.id, renderPartTexts(part, references?.[part.id])])),
  };
}
