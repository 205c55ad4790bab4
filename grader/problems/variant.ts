/**
 * Drawing a variant: a problem's parameters for a seed, its statement and
 * parts, and (kept apart, for the server only) its references.
 */
import { createRng } from "../autograd";
import { answerSpecSchema, precisionRule, type AnswerSpec, type SpecOf } from "../answers/spec";
import { choiceOrder } from "../answers/choice";
import type { KnownMistakeValue } from "../answers";
import { compileEnvironment } from "../expr";
import type { AnyProblem, DisplayedParam, HeldExtra, Json } from "./types";
import { ProblemError } from "./errors";

/**
 * An answer spec as the browser gets it. An expression part's `seed` (the
 * seed of the random instances its check evaluates on, a grading setting)
 * is left out: the browser only reads and shape-checks expressions, and no
 * field named seed is ever sent to a student.
 */
export type PublicAnswerSpec = Exclude<AnswerSpec, { kind: "expression" }> | PublicExpressionSpec;
export type PublicExpressionSpec = Omit<SpecOf<"expression">, "seed">;

/** A part as a student sees it: no reference, no known mistakes. */
export interface PublicPart {
  id: string;
  prompt: string;
  points: number;
  answer: PublicAnswerSpec;
  hints: string[];
  /**
   * How precise a numeric answer must be, in words, for the page to show
   * beside the input ("to 3 significant figures"; "exactly, as a whole
   * number" for a count). Absent for other kinds. Computed here so that the
   * page need not load the grader to say it.
   */
  precision?: string;
}

/**
 * What may be sent to the student's browser. It carries no seed: with the
 * bank's source, a seed recomputes every reference of its variant. What the
 * browser needed the seed for (the order of a choice part's options) is
 * done here instead: see publicAnswerSpec.
 */
export interface PublicVariant {
  slug: string;
  version: number;
  title: string;
  statement: string;
  params: DisplayedParam[];
  parts: PublicPart[];
  extras: Record<string, Json>;
}

/** The server's view of a part: its full spec, reference and known mistakes. */
export interface ReferencePart extends PublicPart {
  answer: AnswerSpec;
  reference: Json;
  knownMistakes: KnownMistakeValue[];
}

export interface Variant {
  /** The seed the variant was drawn from: server-side only, never in `public`. */
  seed: number;
  public: PublicVariant;
  parts: ReferencePart[];
  /** The drawn parameters, as the problem's own type. */
  params: unknown;
  /** Extras that answer parts: server-side only, sent once those parts are settled (ProblemDefinition.heldExtras). */
  heldExtras: Record<string, HeldExtra>;
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
 * which is all the browser's live shape check needs; and the seed of the
 * check's random instances (see PublicAnswerSpec).
 *
 * A choice part's options come in the order this variant shows them
 * (choiceOrder with the variant's seed, shuffled here on the server), with
 * `shuffle: false` so that nothing in the browser shuffles them again or
 * needs the seed. Submissions and grading use option ids, so the order
 * changes nothing in a score.
 */
export function publicAnswerSpec(spec: AnswerSpec, variantSeed: number): PublicAnswerSpec {
  if (spec.kind === "expression") {
    const environment = compileEnvironment(spec.context);
    const definitionsAsVariables = Object.fromEntries(
      [...environment.definitions.entries()].map(([name, typed]) => [name, { shape: [...typed.shape] }]),
    );
    const context = { ...spec.context, variables: { ...spec.context.variables, ...definitionsAsVariables }, definitions: {} };
    const { seed: _instancesSeed, ...shown } = spec;
    return { ...shown, context, knownMistakes: [] };
  }
  // The rubric is the TAs' key: a student who saw it would know what earns the points.
  if (spec.kind === "freeText") return { ...spec, rubric: [] };
  if (spec.kind === "choice")
    return { ...spec, shuffle: false, options: choiceOrder(spec, variantSeed).map(({ id, text }) => ({ id, text })) };
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
    seed,
    params,
    parts,
    heldExtras: problem.heldExtras?.(params) ?? {},
    public: {
      slug: problem.slug,
      version: problem.version,
      title: problem.title,
      statement: problem.statement(params),
      params: problem.displayParams(params),
      parts: parts.map(({ id, prompt, points, answer, hints }) => {
        const precision = precisionRule(answer);
        return { id, prompt, points, answer: publicAnswerSpec(answer, seed), hints, ...(precision ? { precision } : {}) };
      }),
      extras: problem.extras?.(params) ?? {},
    },
  };
}
