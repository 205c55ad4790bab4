/**
 * The problem format. A problem is TypeScript in a folder of the bank
 * (grader/bank/<set>/<slug>.ts): data (slug, title, parts, answer specs)
 * plus the functions that draw a variant's parameters from its seed and
 * compute each part's reference with the engine. Nothing a student is
 * graded against is typed in.
 *
 * Conventions:
 * - A variant is (problem version, seed). Seed 0 is the handout's own
 *   numbers; other seeds draw other dimensions and values. The same seed
 *   gives the same variant on every machine (the engine's integer RNG).
 * - Parameters and references are plain JSON (numbers, nested arrays,
 *   strings), so they can be stored, sent and printed as they are.
 * - Part ids are stable ("a.dims", "b.1.dense"): gradebook columns, links
 *   and stored submissions refer to them.
 */
import type { Rng } from "../autograd";
import type { AnswerSpecInput } from "../answers/spec";
import type { KnownMistakeValue, RawAnswer } from "../answers";

/** A JSON value: what parameters and references are made of. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** How the app shows one parameter of a variant. */
export type ParamDisplay =
  | { kind: "dimension"; value: number }
  | { kind: "scalar"; value: number }
  /** Rows of numbers; a column vector is n×1. */
  | { kind: "matrix"; value: number[][] }
  | { kind: "shape"; value: (number | string)[] }
  | { kind: "text"; value: string };

export interface DisplayedParam {
  /** The name used in expressions and prompts (`W0`, `d`). */
  name: string;
  /** The name in LaTeX (`W^{(0)}`). */
  latex: string;
  description?: string;
  display: ParamDisplay;
}

/** Sample answers for `problems validate`: each `correct` one must score 1 and each `wrong` one below 1. */
export interface PartExamples {
  correct: RawAnswer[];
  wrong: RawAnswer[];
}

export interface PartDefinition<P> {
  /** Stable id, such as "a.dims". */
  id: string;
  /** Markdown with LaTeX. */
  prompt: string | ((params: P) => string);
  points: number;
  /** The answer kind and its options (grader/answers). May depend on the variant (choice options, symbols). */
  answer: AnswerSpecInput | ((params: P) => AnswerSpecInput);
  /** The reference, computed by the engine from the parameters; plain JSON in the kind's reference form. */
  reference: (params: P) => Json;
  /** Wrong values that deserve a specific message (value kinds; expression parts list theirs in their spec). */
  knownMistakes?: (params: P) => KnownMistakeValue[];
  hints?: string[];
  examples: (params: P) => PartExamples;
}

export interface ProblemDefinition<P> {
  slug: string;
  /** Bumped whenever references, tolerances or parts change; variants keep the version they were drawn from. */
  version: number;
  title: string;
  /** Where it comes from, for instructors ("Section 07, question 1"). */
  source?: string;
  /** Markdown with LaTeX, for the variant's parameters. */
  statement: (params: P) => string;
  /** Draws the parameters: `seed` 0 must give the handout's numbers. */
  draw: (rng: Rng, seed: number) => P;
  /** What the page shows of the parameters, in order. */
  displayParams: (params: P) => DisplayedParam[];
  parts: PartDefinition<P>[];
  /**
   * Extra, plain-JSON data that the page may show for this variant (the
   * zero-init plot's trajectories). Like references, computed by the engine;
   * unlike them, never an answer.
   */
  extras?: (params: P) => Record<string, Json>;
  /**
   * Extras that do show an answer (the zero-init plot of part (d)'s own
   * gradient descent), each with the ids of the parts it answers. They stay
   * on the server (Variant.heldExtras) and are sent, in place of the extra of
   * the same name, only once each of those parts is settled for the student
   * (lib/submissions/policy.ts partSettled). Before, the page shows `extras`.
   */
  heldExtras?: (params: P) => Record<string, HeldExtra>;
}

/** An extra that answers parts: sent only once every part in `answers` is settled. */
export interface HeldExtra {
  answers: string[];
  value: Json;
}

// A bank holds problems of different parameter types.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyProblem = ProblemDefinition<any>;
