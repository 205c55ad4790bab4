/**
 * What every problem of a set shows a student, checked as text: the statement,
 * prompts, hints and choice options are Markdown with KaTeX, so each formula
 * must parse (KaTeX would otherwise show it in red), and a subscript or a
 * LaTeX command outside $…$ and code spans would show raw (`z_c`, `\sum`).
 * Feedback (known mistakes' messages, choice feedback) is plain text, where
 * no LaTeX renders at all.
 */
import katex from "katex";
import { BANK } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";
import type { ProblemDefinition } from "@/grader/problems/types";

/**
 * A one-letter name with a subscript (`z_c`, `h_{k−1}`), a braced superscript or a command: LaTeX. Python names
 * such as `output_padding` or `running_var` are words, not subscripts, and are left alone.
 */
const RAW_TEX = /(?<![A-Za-z0-9_.])[A-Za-z]_(\{|[A-Za-z0-9](?![A-Za-z0-9_]))|\^\{|\\[A-Za-z]+/;

/** The Markdown with code spans removed, split into its formulas and the text around them. */
function splitMarkdown(markdown: string): { formulas: string[]; prose: string } {
  const withoutCode = markdown.replace(/`[^`]*`/g, "");
  const formulas: string[] = [];
  const prose = withoutCode
    .replace(/\$\$([\s\S]+?)\$\$/g, (_, tex: string) => (formulas.push(tex), " "))
    .replace(/\$([^$]+?)\$/g, (_, tex: string) => (formulas.push(tex), " "));
  return { formulas, prose };
}

export function markdownProblems(markdown: string): string[] {
  const { formulas, prose } = splitMarkdown(markdown);
  const problems: string[] = [];
  for (const tex of formulas) {
    try {
      katex.renderToString(tex, { throwOnError: true, strict: "ignore" });
    } catch (error) {
      problems.push(`KaTeX refuses ${JSON.stringify(tex)}: ${(error as Error).message}`);
    }
  }
  if (prose.includes("$")) problems.push(`an unpaired $ in ${JSON.stringify(markdown)}`);
  const raw = RAW_TEX.exec(prose);
  if (raw) problems.push(`raw LaTeX ${JSON.stringify(raw[0])} outside a formula in ${JSON.stringify(markdown)}`);
  return problems;
}

export function plainTextProblems(text: string): string[] {
  const raw = RAW_TEX.exec(text.replace(/`[^`]*`/g, ""));
  return [
    ...(text.includes("$") ? [`a $ in plain text ${JSON.stringify(text)}`] : []),
    ...(raw ? [`raw LaTeX ${JSON.stringify(raw[0])} in plain text ${JSON.stringify(text)}`] : []),
  ];
}

type AnyProblem = ProblemDefinition<unknown>;

/** Every text of one variant of a problem, sorted into Markdown and plain text. */
function texts(problem: AnyProblem, seed: number): { markdown: string[]; plain: string[] } {
  const variant = buildVariant(problem, seed);
  const params = variant.params;
  const markdown: string[] = [variant.public.statement];
  const plain: string[] = [];
  for (const part of problem.parts) {
    markdown.push(typeof part.prompt === "function" ? part.prompt(params) : part.prompt, ...(part.hints ?? []));
    const answer = typeof part.answer === "function" ? part.answer(params) : part.answer;
    const spec = answer as { kind: string; options?: { text: string; feedback?: string }[]; knownMistakes?: { message: string }[] };
    for (const option of spec.options ?? []) {
      markdown.push(option.text);
      if (option.feedback) plain.push(option.feedback);
    }
    for (const mistake of spec.knownMistakes ?? []) plain.push(mistake.message);
    for (const mistake of part.knownMistakes?.(params) ?? []) plain.push(mistake.message);
  }
  return { markdown, plain };
}

export function setProblems(set: string): AnyProblem[] {
  return BANK.filter((entry) => entry.set === set).map((entry) => entry.problem as AnyProblem);
}

/** Every problem of the set on a few seeds: formulas that KaTeX parses, no raw LaTeX in prose or in feedback. */
export function describeRenderedTexts(set: string): void {
  describe(`${set}'s texts as a student sees them`, () => {
    it.each(setProblems(set).map((problem) => [problem.slug, problem] as const))(
      "%s has KaTeX-valid formulas and no raw LaTeX outside them or in its feedback",
      (_, problem) => {
        const problems = new Set<string>();
        for (const seed of [0, 1, 2, 3, 7]) {
          const { markdown, plain } = texts(problem, seed);
          for (const text of markdown) markdownProblems(text).forEach((found) => problems.add(found));
          for (const text of plain) plainTextProblems(text).forEach((found) => problems.add(found));
        }
        expect([...problems]).toEqual([]);
      },
    );
  });
}
