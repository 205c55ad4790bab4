/**
 * What Section 08's single-example problems share: logits as a list of C
 * numbers, a class label as a 0-based index (as PyTorch's targets), and the
 * cross-entropy's value and gradient at them from the engine's
 * crossEntropy, which is what every reference of these problems comes from.
 */
import { functional as F, tensor, type Rng } from "../../autograd";
import { randomInt } from "../../variant-tools/draw";

export interface CrossEntropyAtLogits {
  loss: number;
  /** ∂L/∂z, one entry per class. */
  gradient: number[];
  /** softmax(z), the engine's stable softmax. */
  probabilities: number[];
}

/** L = crossEntropy(z, y) for one sample, with PyTorch's label smoothing ε (0 for none). */
export function crossEntropyAt(logits: readonly number[], label: number, labelSmoothing = 0): CrossEntropyAtLogits {
  const z = tensor([...logits], { requiresGrad: true });
  const loss = F.crossEntropy(z.reshape([1, logits.length]), tensor([label]), { labelSmoothing });
  loss.backward();
  return {
    loss: loss.item(),
    gradient: Array.from(z.grad!.data),
    probabilities: Array.from(z.detach().softmax(0).data),
  };
}

/** Logits with one decimal in [-range, range], none equal, so that no two classes tie. */
export function drawLogits(rng: Rng, classes: number, range = 3): number[] {
  const logits: number[] = [];
  while (logits.length < classes) {
    const value = Math.round((2 * rng.uniform() - 1) * range * 10) / 10;
    if (!logits.includes(value)) logits.push(value);
  }
  return logits;
}

export function drawLabel(rng: Rng, classes: number): number {
  return randomInt(rng, 0, classes - 1);
}

/** The one-hot encoding of a 0-based label, as a list of C entries. */
export function oneHot(label: number, classes: number): number[] {
  return Array.from({ length: classes }, (_, c) => (c === label ? 1 : 0));
}

/** How the statements name a class: PyTorch's 0-based index, as the targets tensor holds it. */
export const LABEL_CONVENTION = "Classes are numbered from 0, as PyTorch's targets are: label $y = 0$ is the first entry of $z$.";

/** The same for a batch whose logits are the columns of Z: class 0 is the first row. */
export const BATCH_LABEL_CONVENTION =
  "Classes are numbered from 0, as PyTorch's targets are: label $y_n = 0$ is the first row of $Z$ (and of $Y$).";
