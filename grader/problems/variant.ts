/**
 * Drawing a variant: a problem's parameters for a seed, its statement and
 * parts, and (kept apart, for the server only) its references.
 */
import { createRng } from "../autograd";
import { answerSpecSchema, type AnswerSpec } from "../answers/spec";
import type { KnownMistakeValue } from "../answers";
import { compileEnvironment } from "../expr";
import type { AnyProblem, DisplayedParam, Json } from "./types";
import { ProblemError } from "./errors";

/** A part as a student sees it: no reference, no known mistakes. */
export interface PublicPart {
  id: string;
  prompt: string;
  points: number;
  answer: AnswerSpec;
  hints: string[];
}

/** What may be sent to the student's browser. */
export interface PublicVariant {
  slug: string;
  version: number;
  title: string;
  seed: number;
  statement: string;
  params: DisplayedParam[];
  parts: PublicPart[];
  extras: Record<string, Json>;
}

/** The server's view of a part: its full spec, reference and known mistakes. */
export interface ReferencePart extends PublicPart {
  reference: Json;
  knownMistakes: KnownMistakeValue[];
}

export interface Variant {
  public: PublicVariant;
  parts: ReferencePart[];
  /** The drawn parameters, as the problem's own type. */
  params: unknown;
}

/** Seeds are non-negative 32-bit integers, so they survive JSON, SQL and the RNG unchanged. */
export function assertSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new ProblemError("INVALID_SEED", `seed must be an integer from 0 to 4294967295, got ${seed}`);
  }
}

function resolve<P, T>(value: T | ((params: P) => T), params: P): T {
  return typeof value === "function" ? (value as (params: P) => T)(params) : value;
}

/**
 * Removes what would tell a student the answer or the wrong answers the
 * grader looks for: known mistakes, the feedback on wrong options, and the
 * formulas of an expression part's definitions (z = σ(W0 x + b0) would
 * answer 2.1(a)). A definition becomes a plain variable of the same shape,
 * which is all the browser's live shape check needs.
 */
export function publicAnswerSpec(spec: AnswerSpec): AnswerSpec {
  if (spec.kind === "expression") {
    const environment = compileEnvironment(spec.context);
    const definitionsAsVariables = Object.fromEntries(
      [...environment.definitions.entries()].map(([name, typed]) => [name, { shape: [...typed.shape] }]),
    );
    const context = { ...spec.context, variables: { ...spec.context.variables, ...definitionsAsVariables }, definitions: {} };
    return { ...spec, context, knownMistakes: [] };
  }
  if (spec.kind === "choice") return { ...spec, options: spec.options.map(({ id, text }) => ({ id, text })) };
  return spec;
}

export function parseAnswerSpec(problemSlug: string, partId: string, input: unknown): AnswerSpec {
  const parsed = answerSpecSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ProblemError(
      "INVALID_PART",
      `${problemSlug} part ${partId}: answer spec ${issue.path.join(".") || ""} ${issue.message}`.replace(/\s+/g, " "),
    );
  }
  return parsed.data;
}

export function buildVariant(problem: AnyProblem, seed: number): Variant {
  assertSeed(seed);
  const params = problem.draw(createRng(seed), seed);
  const parts = problem.parts.map((part): ReferencePart => {
    const answer = parseAnswerSpec(problem.slug, part.id, resolve(part.answer, params));
    return {
      id: part.id,
      prompt: resolve(part.prompt, params),
      points: part.points,
      answer,
      hints: part.hints ?? [],
      reference: part.reference(params),
      knownMistakes: part.knownMistakes?.(params) ?? [],
    };
  });
  return {
    params,
    parts,
    public: {
      slug: problem.slug,
      version: problem.version,
      title: problem.title,
      seed,
      statement: problem.statement(params),
      params: problem.displayParams(params),
      parts: parts.map(({ id, prompt, points, answer, hints }) => ({ id, prompt, points, answer: publicAnswerSpec(answer), hints })),
      extras: problem.extras?.(params) ?? {},
    },
  };
}
