/**
 * Section 07, question 2.2: what initialising every weight to the same
 * constant does to the network of 2.1. The values at zero initialisation
 * come from the engine's forward and backward passes; the symmetry part
 * runs gradient descent in the engine and counts the distinct hidden units.
 */
import type { Rng } from "../../autograd";
import { distinctInts, roundedMatrix } from "../draw";
import { latexMatrix, numpyLiteral } from "../format";
import type { Json, PartDefinition, ProblemDefinition } from "../../problems/types";
import { forward, gradientsOfOutput, NETWORK_LATEX, type NetworkWeights } from "./network";

export interface ZeroInitParams {
  d: number;
  h: number;
  x: number[][];
  /** Gradient descent for part (d): the constant every weight starts at, the target, the step size and the number of steps. */
  descent: { constant: number; target: number; learningRate: number; steps: number };
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

/** Hidden units equal up to rounding (relative 1e-12) count as one. */
export function countDistinctUnits(weights: NetworkWeights): number {
  const distinct: number[][] = [];
  for (const unit of hiddenUnits(weights)) {
    const scale = Math.max(1, ...unit.map(Math.abs));
    if (!distinct.some((other) => other.every((value, k) => Math.abs(value - unit[k]) <= 1e-12 * scale))) distinct.push(unit);
  }
  return distinct.length;
}

function drawZeroInit(rng: Rng, seed: number): ZeroInitParams {
  const [d, h] = seed === 0 ? [2, 4] : distinctInts(rng, 2, 2, 5);
  const x = roundedMatrix(rng, d, 1);
  return {
    d,
    h,
    x,
    // Seed 0: the handout's zero initialisation; others: another constant, which the handout notes behaves the same.
    descent: { constant: seed === 0 ? 0 : roundedMatrix(rng, 1, 1, 1)[0][0], target: 1, learningRate: 0.5, steps: 10 },
    randomStart: {
      W0: roundedMatrix(rng, h, d, 1),
      b0: roundedMatrix(rng, h, 1, 1),
      W1: roundedMatrix(rng, 1, h, 1),
      b1: roundedMatrix(rng, 1, 1, 1),
    },
  };
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

function numberPart(id: string, prompt: string, value: (params: ZeroInitParams) => number, wrongValue: number, message: string): PartDefinition<ZeroInitParams> {
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

// Feedback explains the mistake without the values other parts ask for
// (z, y and the gradients at zero initialisation): `problems validate`
// checks every text against every other part's reference (giveaway.ts).
const INSIGHT_OPTIONS = [
  {
    id: "symmetric",
    text: "Every hidden unit computes the same value and receives the same gradient, so the units stay identical through training: the network is no more expressive than one with a single hidden unit.",
  },
  {
    id: "no-learning",
    text: "All gradients are zero, so gradient descent never changes any weight.",
    feedback:
      "Not all of them: the gradients of the output layer's weights and bias do not go through W⁽¹⁾, so they are not zero and the output layer learns at the first step; W⁽⁰⁾ starts to learn once W⁽¹⁾ has moved away from 0.",
  },
  {
    id: "output-zero",
    text: "The output never changes, for any input, whatever the training.",
    feedback: "Only before the first step: b⁽¹⁾ and W⁽¹⁾ change at the first update, and the output changes with them.",
  },
  {
    id: "only-biases",
    text: "Only the biases are updated; the weights stay zero.",
    feedback: "The gradient of W⁽¹⁾ does not go through W⁽¹⁾ itself, so it is not zero at the first step: the output layer's weights move too.",
  },
];

export const zeroInit: ProblemDefinition<ZeroInitParams> = {
  slug: "zero-init",
  version: 1,
  title: "Weight initialisation: all zeros",
  source: "Section 07, question 2.2",
  draw: drawZeroInit,
  statement: (params) =>
    [
      `Take the network of question 2.1, $z = \\sigma(W^{(0)} x + b^{(0)})$ and $y = W^{(1)} z + b^{(1)}$, with $d = ${params.d}$ inputs and $h = ${params.h}$ hidden units,`,
      "and suppose every weight and bias is initialised to 0 before gradient descent.",
      "",
      `For the numeric parts, $x = ${latexMatrix(params.x)}$. Give gradients in the shape of the quantity they are taken with respect to (as PyTorch's \`.grad\`): $\\partial y / \\partial W^{(1)}$ is $1 \\times h$.`,
    ].join("\n"),
  displayParams: (params) => [
    { name: "d", latex: "d", description: "inputs", display: { kind: "dimension", value: params.d } },
    { name: "h", latex: "h", description: "hidden units", display: { kind: "dimension", value: params.h } },
    { name: "x", latex: "x", display: { kind: "matrix", value: params.x } },
  ],
  parts: [
    matrixPart("a.z", "(a) $z$ after the forward pass, as an $h \\times 1$ column.", (params) => atZero(params).z, {
      id: "sigma-of-zero",
      value: (params) => zerosLike(params.h, 1),
      message: "σ(0) is not 0: evaluate σ(t) = 1/(1 + e⁻ᵗ) at t = 0.",
    }),
    numberPart("a.y", "(a) $y$ after the forward pass.", (params) => atZero(params).y, 0.5, "y = W⁽¹⁾z + b⁽¹⁾ and W⁽¹⁾ = 0, so z does not reach the output."),
    matrixPart("b.dW1", "(b) $\\partial y / \\partial W^{(1)}$, as a $1 \\times h$ row.", (params) => atZero(params).gradients.W1, {
      id: "zero-gradient",
      value: (params) => zerosLike(1, params.h),
      message: "∂y/∂W⁽¹⁾ = zᵀ, and z is not 0: σ(0) ≠ 0.",
    }),
    numberPart("b.db1", "(b) $\\partial y / \\partial b^{(1)}$.", (params) => atZero(params).gradients.b1[0][0], 0, "y = W⁽¹⁾z + b⁽¹⁾: b⁽¹⁾ is added to the output as it is, whatever the weights, so its derivative is not 0."),
    matrixPart("b.dW0", "(b) $\\partial y / \\partial W^{(0)}$, as an $h \\times d$ matrix.", (params) => atZero(params).gradients.W0),
    matrixPart("b.db0", "(b) $\\partial y / \\partial b^{(0)}$, as an $h \\times 1$ column.", (params) => atZero(params).gradients.b0),
    {
      id: "c.insight",
      prompt: "(c) Compare the $z_i$ and the gradients of the different hidden units. What does this imply for the network?",
      points: 2,
      answer: { kind: "choice", options: INSIGHT_OPTIONS },
      // The right option is the one the engine's descent confirms: a single distinct unit after training.
      reference: (params) => (countDistinctUnits(descend(constantWeights(params.h, params.d, 0), params.x, params.descent).at(-1)!) === 1 ? "symmetric" : "no-learning"),
      examples: () => ({ correct: ["symmetric"], wrong: ["no-learning", "output-zero", "only-biases"] }),
    },
    {
      id: "d.symmetry",
      prompt: (params) =>
        `(d) Start every weight and bias at $c = ${params.descent.constant}$ and take ${params.descent.steps} steps of gradient descent (step size ${params.descent.learningRate}) on the squared error $(y - ${params.descent.target})^2$ for the input $x$ above. How many different hidden units are there at the end? (A hidden unit is its row of $W^{(0)}$, its bias in $b^{(0)}$ and its weight in $W^{(1)}$.)`,
      points: 2,
      answer: { kind: "integer" },
      reference: (params) => countDistinctUnits(descend(constantWeights(params.h, params.d, params.descent.constant), params.x, params.descent).at(-1)!),
      knownMistakes: (params) => [
        { id: "all-distinct", value: params.h, message: "Compare the gradients the hidden units receive at the first step, while they are all equal: what does one update do to them, and the next?" },
      ],
      examples: (params) => ({ correct: [1, "1"], wrong: [params.h, 0] }),
    },
  ],
  // For the page's plot: each hidden unit's first incoming weight W0[i][0] after every step.
  // From a random start, shown from the first load: it answers no part.
  extras: (params) => ({ symmetryTrajectories: { random: symmetryTrace(params, params.randomStart) } }),
  // From the constant start it is part (d)'s own descent (the lines coincide: one unit), which also
  // answers (c): sent only once both are settled (answered correctly, or no more credit to earn).
  heldExtras: (params) => ({
    symmetryTrajectories: {
      answers: ["c.insight", "d.symmetry"],
      value: {
        constant: symmetryTrace(params, constantWeights(params.h, params.d, params.descent.constant)),
        random: symmetryTrace(params, params.randomStart),
      },
    },
  }),
};

function symmetryTrace(params: ZeroInitParams, start: NetworkWeights): Json {
  return descend(start, params.x, params.descent).map((weights) => weights.W0.map((row) => row[0]));
}
