/**
 * Section 07, question 2.2: what initialising every weight to the same
 * constant does to the network of 2.1. The values at zero initialisation
 * come from the engine's forward and backward passes;
 * parts (c) and (d) run gradient descent in the engine from a per-variant
 * start where some hidden units are identical and some share only their
 * incoming weights: which pairs stay equal and how many units differ at the
 * end need the symmetry argument (identical units get identical gradients;
 * units with the same zᵢ but different outgoing weights do not).
 */
import type { Rng } from "../../autograd";
import { pick, randomInt, redrawUntil, roundedMatrix } from "../../variant-tools/draw";
import { latexMatrix, numpyLiteral } from "../../variant-tools/format";
import type { KnownMistakeValue } from "../../answers";
import type { Json, PartDefinition, ProblemDefinition } from "../../problems/types";
import { forward, gradientsOfOutput, type NetworkWeights } from "./network";

export interface ZeroInitParams {
  d: number;
  h: number;
  x: number[][];
  /** Gradient descent for parts (c) and (d): the target, the step size and the number of steps. */
  descent: { target: number; learningRate: number; steps: number };
  /**
   * The start of parts (c) and (d): hidden units in groups of identical
   * units, where some groups share their incoming weights (same zᵢ) and
   * differ only in their outgoing weight.
   */
  groupedStart: NetworkWeights;
  /** Part (c)'s options: pairs of hidden units (0-based, i < j). */
  pairs: [number, number][];
  /** A random initialisation to compare with, drawn from the variant's seed. */
  randomStart: NetworkWeights;
}

export function constantWeights(h: number, d: number, value: number): NetworkWeights {
  const filled = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(value));
  return { W0: filled(h, d), b0: filled(h, 1), W1: filled(1, h), b1: filled(1, 1) };
}

/**
 * Gradient descent on the squared error (y − target)² for the one input x,
 * on the engine. Returns the weights after each step (index 0: the start).
 */
export function descend(start: NetworkWeights, x: number[][], descent: ZeroInitParams["descent"]): NetworkWeights[] {
  const history = [start];
  let weights = start;
  for (let step = 0; step < descent.steps; step++) {
    const { y, leaves } = forward(weights, x);
    y.sub(descent.target).pow(2).sum().backward();
    const update = (name: keyof NetworkWeights) =>
      leaves[name].detach().sub(leaves[name].grad!.mul(descent.learningRate)).toArray() as number[][];
    weights = { W0: update("W0"), b0: update("b0"), W1: update("W1"), b1: update("b1") };
    history.push(weights);
  }
  return history;
}

/** A hidden unit is its incoming weights, its bias and its outgoing weight. */
function hiddenUnits(weights: NetworkWeights): number[][] {
  return weights.W0.map((row, i) => [...row, weights.b0[i][0], weights.W1[0][i]]);
}

/**
 * Equal up to rounding (relative 1e-12): identical units compute bitwise alike, different ones differ by far more (the bank test
 * measures it).
 */
function sameUnit(a: readonly number[], b: readonly number[]): boolean {
  const scale = Math.max(1, ...a.map(Math.abs));
  return a.every((value, k) => Math.abs(value - b[k]) <= 1e-12 * scale);
}

export function unitsEqual(weights: NetworkWeights, i: number, j: number): boolean {
  const units = hiddenUnits(weights);
  return sameUnit(units[i], units[j]);
}

/** Hidden units equal up to rounding count as one. */
export function countDistinctUnits(weights: NetworkWeights): number {
  const distinct: number[][] = [];
  for (const unit of hiddenUnits(weights)) if (!distinct.some((other) => sameUnit(other, unit))) distinct.push(unit);
  return distinct.length;
}

/**
 * Units with the same incoming weights and bias (the same zᵢ), whatever their outgoing weight: the count a student gets who
 * ignores W⁽¹⁾.
 */
export function countDistinctIncoming(weights: NetworkWeights): number {
  const incoming = weights.W0.map((row, i) => [...row, weights.b0[i][0]]);
  return incoming.filter((unit, i) => !incoming.slice(0, i).some((other) => sameUnit(other, unit))).length;
}

/** How two units of the grouped start relate; only "identical" pairs stay equal under gradient descent. */
export type PairKind = "identical" | "same-incoming" | "same-outgoing" | "different";

export function pairKind(start: NetworkWeights, i: number, j: number): PairKind {
  const incoming = (k: number) => [...start.W0[k], start.b0[k][0]];
  const sameIncoming = sameUnit(incoming(i), incoming(j));
  const sameOutgoing = start.W1[0][i] === start.W1[0][j];
  return sameIncoming && sameOutgoing ? "identical" : sameIncoming ? "same-incoming" : sameOutgoing ? "same-outgoing" : "different";
}

function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(rng, 0, i);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/**
 * The grouped start: `groups` groups of identical units (2 ≤ groups ≤ h − 1,
 * so some units are identical and not all are). Groups 0 and 1 share their
 * incoming weights and differ in their outgoing weight, so counting equal zᵢ
 * is never the answer; later groups share group 0's outgoing weight or a
 * previous group's incoming weights now and then, for distractors of each
 * kind.
 */
function drawGroupedStart(rng: Rng, h: number, d: number, groups: number): NetworkWeights {
  const groupOf = shuffled(
    rng,
    Array.from({ length: h }, (_, unit) => (unit < groups ? unit : randomInt(rng, 0, groups - 1))),
  );
  const incomingClass = Array.from({ length: groups }, (_, g) => (g <= 1 ? 0 : rng.uniform() < 1 / 3 ? randomInt(rng, 0, g - 2) : g - 1));
  const classes = Math.max(...incomingClass) + 1;
  const incoming = roundedMatrix(rng, classes, d + 1, 1);
  const outgoing = roundedMatrix(rng, 1, groups, 1)[0];
  for (let g = 2; g < groups; g++) if (incomingClass[g] !== incomingClass[0] && rng.uniform() < 1 / 2) outgoing[g] = outgoing[0];
  const unitIncoming = (unit: number) => incoming[incomingClass[groupOf[unit]]];
  return {
    W0: Array.from({ length: h }, (_, unit) => unitIncoming(unit).slice(0, d)),
    b0: Array.from({ length: h }, (_, unit) => [unitIncoming(unit)[d]]),
    W1: [Array.from({ length: h }, (_, unit) => outgoing[groupOf[unit]])],
    b1: roundedMatrix(rng, 1, 1, 1),
  };
}

/**
 * A start that asks what (c) and (d) mean to ask: some units identical, some sharing only their incoming weights, different units
 * ending far apart, and the output away from the target.
 */
function wellFormed(start: NetworkWeights, x: number[][], descent: ZeroInitParams["descent"]): boolean {
  const h = start.W0.length;
  // Values drawn alike by chance may merge groups: keep a start with an identical pair, a pair with
  // the same incoming weights only, and at least two different units.
  const kinds = new Set<PairKind>();
  for (let i = 0; i < h; i++) for (let j = i + 1; j < h; j++) kinds.add(pairKind(start, i, j));
  if (!kinds.has("identical") || !kinds.has("same-incoming") || countDistinctUnits(start) < 2) return false;
  // No weight of ½ = σ(0): a column of them would print (a)'s z or (b)'s ∂y/∂W⁽¹⁾ in the statement.
  if ([start.W0, start.b0, start.W1].some((matrix) => matrix.some((row) => row.includes(0.5)))) return false;
  const units = hiddenUnits(descend(start, x, descent).at(-1)!);
  for (let i = 0; i < h; i++) {
    for (let j = i + 1; j < h; j++) {
      if (pairKind(start, i, j) === "identical") continue;
      // Different units must end far apart, so that "still equal" is never a question of rounding.
      const gap = Math.max(...units[i].map((value, k) => Math.abs(value - units[j][k])));
      if (gap < 1e-3) return false;
    }
  }
  const y = forward(start, x).y.item();
  return Math.abs(y - descent.target) > 0.25;
}

/** Part (c)'s four pairs: at least one identical pair and one with the same incoming weights only, the rest at random. */
function drawPairs(rng: Rng, start: NetworkWeights): [number, number][] {
  const h = start.W0.length;
  const all: [number, number][] = [];
  for (let i = 0; i < h; i++) for (let j = i + 1; j < h; j++) all.push([i, j]);
  const ofKind = (kind: PairKind) => all.filter(([i, j]) => pairKind(start, i, j) === kind);
  const chosen = [pick(rng, ofKind("identical")), pick(rng, ofKind("same-incoming"))];
  const rest = shuffled(
    rng,
    all.filter((pair) => !chosen.includes(pair)),
  );
  return [...chosen, ...rest.slice(0, 4 - chosen.length)].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

function drawZeroInit(rng: Rng, seed: number): ZeroInitParams {
  // Seed 0: the handout's d = 2 inputs and h = 4 hidden units.
  const [d, h] = seed === 0 ? [2, 4] : [randomInt(rng, 2, 3), randomInt(rng, 4, 6)];
  const x = roundedMatrix(rng, d, 1);
  const descent = { target: 1, learningRate: 0.5, steps: 10 };
  // The number of groups is drawn once, outside the redraws, so that rejected starts do not skew it.
  const groups = randomInt(rng, 2, h - 1);
  const groupedStart = redrawUntil(() => {
    const start = drawGroupedStart(rng, h, d, groups);
    return wellFormed(start, x, descent) ? start : null;
  }, "a grouped start whose different units separate");
  return {
    d,
    h,
    x,
    descent,
    groupedStart,
    pairs: drawPairs(rng, groupedStart),
    randomStart: {
      W0: roundedMatrix(rng, h, d, 1),
      b0: roundedMatrix(rng, h, 1, 1),
      W1: roundedMatrix(rng, 1, h, 1),
      b1: roundedMatrix(rng, 1, 1, 1),
    },
  };
}

/** The grouped start after the descent of parts (c) and (d), from the engine. */
export function groupedEnd(params: ZeroInitParams): NetworkWeights {
  return descend(params.groupedStart, params.x, params.descent).at(-1)!;
}

/** Values at zero initialisation, from the engine. */
function atZero(params: ZeroInitParams) {
  const zero = constantWeights(params.h, params.d, 0);
  const { z, y } = forward(zero, params.x);
  return { z: z.detach().toArray() as number[][], y: y.item(), gradients: gradientsOfOutput(zero, params.x) };
}

function matrixPart(
  id: string,
  prompt: string,
  value: (params: ZeroInitParams) => number[][],
  mistake?: { id: string; value: (params: ZeroInitParams) => number[][]; message: string },
): PartDefinition<ZeroInitParams> {
  return {
    id,
    prompt,
    points: 1,
    answer: { kind: "matrix" },
    reference: value,
    knownMistakes: mistake && ((params) => [{ id: mistake.id, value: mistake.value(params), message: mistake.message }]),
    examples: (params) => {
      const reference = value(params);
      return { correct: [reference, numpyLiteral(reference)], wrong: [reference.map((row) => row.map((entry) => entry + 1))] };
    },
  };
}

function numberPart(
  id: string,
  prompt: string,
  value: (params: ZeroInitParams) => number,
  wrongValue: number,
  message: string,
): PartDefinition<ZeroInitParams> {
  return {
    id,
    prompt,
    points: 1,
    answer: { kind: "number" },
    reference: value,
    knownMistakes: (params) => (value(params) === wrongValue ? [] : [{ id: "common-slip", value: wrongValue, message }]),
    examples: (params) => ({ correct: [value(params), String(value(params))], wrong: [value(params) + 0.5] }),
  };
}

const zerosLike = (rows: number, cols: number) => Array.from({ length: rows }, () => new Array<number>(cols).fill(0));

const unitName = (i: number) => `${i + 1}`;
const pairId = ([i, j]: [number, number]) => `units-${unitName(i)}-${unitName(j)}`;

/**
 * Feedback for a pair chosen wrongly, by how it starts. Feedback explains the
 * mistake without the values other parts ask for (the count of (d), z, y and
 * the gradients at zero): `problems validate` checks every text against
 * every other part's reference (giveaway.ts).
 */
function pairFeedback(start: NetworkWeights, [i, j]: [number, number]): string | undefined {
  const units = `Units ${unitName(i)} and ${unitName(j)}`;
  switch (pairKind(start, i, j)) {
    case "identical":
      return undefined;
    case "same-incoming":
      return (
        `${units} start with the same incoming weights and bias, so they compute the same ` +
        `zᵢ, but their outgoing weights differ: the gradient reaching each one's incoming ` +
        `weights is scaled by its own outgoing weight, so they separate at the first step.`
      );
    case "same-outgoing":
      return (
        `${units} share their outgoing weight but not their incoming weights: they compute ` +
        `different zᵢ from the start, so their gradients differ and they stay different.`
      );
    case "different":
      return `${units} start different, and gradient descent does not make different units equal.`;
  }
}

/** Part (c)'s options, one per pair; the display order is shuffled per variant (choice.ts). */
function pairOptions(params: ZeroInitParams) {
  return params.pairs.map((pair) => ({
    id: pairId(pair),
    text: `Units ${unitName(pair[0])} and ${unitName(pair[1])}`,
    feedback: pairFeedback(params.groupedStart, pair),
  }));
}

/** The pairs of (c) that the engine's descent leaves equal. */
function pairsStillEqual(params: ZeroInitParams): string[] {
  const end = groupedEnd(params);
  return params.pairs.filter(([i, j]) => unitsEqual(end, i, j)).map(pairId);
}

/** Part (d)'s tempting wrong counts, each different from the reference by construction (the bank test checks every seed). */
function countMistakes(params: ZeroInitParams): KnownMistakeValue[] {
  const reference = countDistinctUnits(groupedEnd(params));
  const candidates = [
    {
      id: "same-z",
      value: countDistinctIncoming(params.groupedStart),
      message:
        "That counts the units with different incoming weights: units with the same zᵢ " +
        "but different outgoing weights receive different gradients, so they separate.",
    },
    {
      id: "all-distinct",
      value: params.h,
      message: "Units that start identical receive the same gradient at every step, so they never separate.",
    },
    {
      id: "all-equal",
      value: 1,
      message: "Gradient descent does not make different units equal: only units that start identical stay so.",
    },
  ];
  return candidates.filter(
    (mistake, k) => mistake.value !== reference && candidates.findIndex((other) => other.value === mistake.value) === k,
  );
}

export const zeroInit: ProblemDefinition<ZeroInitParams> = {
  slug: "zero-init",
  // 2: (c) and (d) start from a per-variant grouped initialisation (which units stay equal, how many differ) instead of a fixed answer.
  version: 2,
  title: "Weight initialisation: all zeros",
  source: "Section 07, question 2.2",
  draw: drawZeroInit,
  statement: (params) =>
    [
      `Take the network of question 2.1, $z = \\sigma(W^{(0)} x + b^{(0)})$ and ` +
        `$y = W^{(1)} z + b^{(1)}$, with $d = ${params.d}$ inputs and $h = ${params.h}$ hidden units,`,
      "and suppose every weight and bias is initialised to 0 before gradient descent.",
      "",
      `For the numeric parts, $x = ${latexMatrix(params.x)}$. Give gradients in the shape of the quantity they ` +
        `are taken with respect to (as PyTorch's \`.grad\`): $\\partial y / \\partial W^{(1)}$ is $1 \\times h$.`,
      "",
      "For parts (c) and (d), start instead from",
      `$W^{(0)} = ${latexMatrix(params.groupedStart.W0)}$, $b^{(0)} = ${latexMatrix(params.groupedStart.b0)}$, ` +
        `$W^{(1)} = ${latexMatrix(params.groupedStart.W1)}$, $b^{(1)} = ${params.groupedStart.b1[0][0]}$,`,
      `and take ${params.descent.steps} steps of gradient descent (step size ${params.descent.learningRate}) ` +
        `on the squared error $(y - ${params.descent.target})^2$ for the input $x$ above.`,
      "Hidden unit $i$ is its row of $W^{(0)}$, its bias in $b^{(0)}$ and " +
        "its weight in $W^{(1)}$; two units are equal when all of these are.",
    ].join("\n"),
  displayParams: (params) => [
    { name: "d", latex: "d", description: "inputs", display: { kind: "dimension", value: params.d } },
    { name: "h", latex: "h", description: "hidden units", display: { kind: "dimension", value: params.h } },
    { name: "x", latex: "x", display: { kind: "matrix", value: params.x } },
    {
      name: "W0_start",
      latex: "W^{(0)}_{\\text{start}}",
      description: "start of (c) and (d)",
      display: { kind: "matrix", value: params.groupedStart.W0 },
    },
    {
      name: "b0_start",
      latex: "b^{(0)}_{\\text{start}}",
      description: "start of (c) and (d)",
      display: { kind: "matrix", value: params.groupedStart.b0 },
    },
    {
      name: "W1_start",
      latex: "W^{(1)}_{\\text{start}}",
      description: "start of (c) and (d)",
      display: { kind: "matrix", value: params.groupedStart.W1 },
    },
    {
      name: "b1_start",
      latex: "b^{(1)}_{\\text{start}}",
      description: "start of (c) and (d)",
      display: { kind: "scalar", value: params.groupedStart.b1[0][0] },
    },
  ],
  parts: [
    matrixPart("a.z", "(a) $z$ after the forward pass, as an $h \\times 1$ column.", (params) => atZero(params).z, {
      id: "sigma-of-zero",
      value: (params) => zerosLike(params.h, 1),
      message: "σ(0) is not 0: evaluate σ(t) = 1/(1 + e⁻ᵗ) at t = 0.",
    }),
    numberPart(
      "a.y",
      "(a) $y$ after the forward pass.",
      (params) => atZero(params).y,
      0.5,
      "y = W⁽¹⁾z + b⁽¹⁾ and W⁽¹⁾ = 0, so z does not reach the output.",
    ),
    matrixPart("b.dW1", "(b) $\\partial y / \\partial W^{(1)}$, as a $1 \\times h$ row.", (params) => atZero(params).gradients.W1, {
      id: "zero-gradient",
      value: (params) => zerosLike(1, params.h),
      message: "∂y/∂W⁽¹⁾ = zᵀ, and z is not 0: σ(0) ≠ 0.",
    }),
    numberPart(
      "b.db1",
      "(b) $\\partial y / \\partial b^{(1)}$.",
      (params) => atZero(params).gradients.b1[0][0],
      0,
      "y = W⁽¹⁾z + b⁽¹⁾: b⁽¹⁾ is added to the output as it is, whatever the weights, so its derivative is not 0.",
    ),
    matrixPart("b.dW0", "(b) $\\partial y / \\partial W^{(0)}$, as an $h \\times d$ matrix.", (params) => atZero(params).gradients.W0),
    matrixPart("b.db0", "(b) $\\partial y / \\partial b^{(0)}$, as an $h \\times 1$ column.", (params) => atZero(params).gradients.b0),
    {
      id: "c.pairs",
      prompt:
        "(c) At zero initialisation every hidden unit computes the same $z_i$ and receives " +
        "the same gradient. From the start given for (c) and (d), which of these pairs of " +
        "hidden units are still equal after the gradient descent? Choose all that apply.",
      points: 2,
      answer: (params) => ({ kind: "choice", multiple: true, options: pairOptions(params) }),
      // The engine's descent decides: pairs whose units are still equal at the last step.
      reference: pairsStillEqual,
      examples: (params) => {
        const right = pairsStillEqual(params);
        const wrong = params.pairs.map(pairId).filter((id) => !right.includes(id));
        return { correct: [right, right.join(", ")], wrong: [[...right, ...wrong], wrong, [wrong[0]]] };
      },
    },
    {
      id: "d.symmetry",
      prompt: "(d) How many different hidden units are there after the gradient descent of (c)?",
      points: 2,
      answer: { kind: "integer" },
      reference: (params) => countDistinctUnits(groupedEnd(params)),
      knownMistakes: countMistakes,
      examples: (params) => {
        const reference = countDistinctUnits(groupedEnd(params));
        return { correct: [reference, String(reference)], wrong: countMistakes(params).map((mistake) => mistake.value as number) };
      },
    },
  ],
  // For the page's plot: each hidden unit's first incoming weight W0[i][0] after every step.
  // From a random start, shown from the first load: it answers no part.
  extras: (params) => ({ symmetryTrajectories: { random: symmetryTrace(params, params.randomStart) } }),
  // From the grouped start it is the descent of (c) and (d) (identical units' lines coincide), so it
  // answers both: sent only once both are settled (answered correctly, or no more credit to earn).
  heldExtras: (params) => ({
    symmetryTrajectories: {
      answers: ["c.pairs", "d.symmetry"],
      value: {
        grouped: symmetryTrace(params, params.groupedStart),
        random: symmetryTrace(params, params.randomStart),
      },
    },
  }),
};

function symmetryTrace(params: ZeroInitParams, start: NetworkWeights): Json {
  return descend(start, params.x, params.descent).map((weights) => weights.W0.map((row) => row[0]));
}
