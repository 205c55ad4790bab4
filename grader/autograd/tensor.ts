/**
 * The Tensor: a float64, contiguous, row-major array with a shape, and (when
 * it was computed from tensors that require grad) the node of the graph that
 * made it.
 *
 * Tensors are immutable: no op writes into its inputs, so views (reshape,
 * detach) share storage safely and a graph can be differentiated as many
 * times as one likes.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { numel, sameShape } from "./shape";
import { add } from "./ops/add";
import { sub } from "./ops/sub";
import { mul } from "./ops/mul";
import { div } from "./ops/div";
import { neg } from "./ops/neg";
import { exp } from "./ops/exp";
import { log } from "./ops/log";
import { sqrt } from "./ops/sqrt";
import { abs } from "./ops/abs";
import { pow } from "./ops/pow";
import { sigmoid } from "./ops/sigmoid";
import { tanh } from "./ops/tanh";
import { relu } from "./ops/relu";
import { matmul } from "./ops/matmul";
import { sum } from "./ops/sum";
import { mean } from "./ops/mean";
import { transpose } from "./ops/transpose";
import { flatten, reshape } from "./ops/reshape";
import { backward } from "./backward";
import { countEntries } from "./work";

/** A number, or nested arrays of numbers with a rectangular shape. */
export type NestedArray = number | NestedArray[];

export interface TensorOptions {
  requiresGrad?: boolean;
}

/**
 * The node that made a tensor. `backward` receives dL/d(output) (the
 * output's shape, row-major) and returns dL/d(input) for each input, already
 * reduced to that input's shape, or null for an input that does not require
 * grad (its product is then never computed).
 */
export interface GradFn {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  backward(gradOutput: Float64Array): (Float64Array | null)[];
}

export class Tensor {
  readonly data: Float64Array;
  readonly shape: number[];
  /** True for a leaf created with requiresGrad, and for anything computed from one. */
  readonly requiresGrad: boolean;
  /**
   * dL/d(this) accumulated by backward(), on leaves that require grad; null
   * before the first backward. Like PyTorch, successive backward calls add
   * into it; set it to null to start afresh.
   */
  grad: Tensor | null = null;
  /** The op that made this tensor; null for a leaf. */
  readonly gradFn: GradFn | null;

  constructor(data: Float64Array, shape: readonly number[], options: TensorOptions = {}, gradFn: GradFn | null = null) {
    if (data.length !== numel(shape)) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `${data.length} values cannot fill a tensor of shape ${formatShape(shape)}`,
      );
    }
    countEntries(data.length);
    this.data = data;
    this.shape = [...shape];
    this.gradFn = gradFn;
    this.requiresGrad = gradFn !== null || options.requiresGrad === true;
  }

  /**
   * The result of an op: it joins the graph only when one of its inputs
   * requires grad, so constant computations keep no closures alive.
   */
  static fromOp(
    name: string,
    data: Float64Array,
    shape: readonly number[],
    inputs: readonly Tensor[],
    backward: (gradOutput: Float64Array) => (Float64Array | null)[],
  ): Tensor {
    const tracked = inputs.some((input) => input.requiresGrad);
    return new Tensor(data, shape, {}, tracked ? { name, inputs, backward } : null);
  }

  get ndim(): number {
    return this.shape.length;
  }

  get numel(): number {
    return this.data.length;
  }

  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Nested arrays in row-major order; a plain number for a 0-d tensor. */
  toArray(): NestedArray {
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const size = this.shape[dim];
      let stride = 1;
      for (let d = dim + 1; d < this.shape.length; d++) stride *= this.shape[d];
      const out: NestedArray[] = [];
      for (let i = 0; i < size; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }

  /** The value of a one-element tensor, as torch.Tensor.item(). */
  item(): number {
    if (this.data.length !== 1) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `a Tensor with ${this.data.length} elements cannot be converted to a number (shape ${formatShape(this.shape)})`,
      );
    }
    return this.data[0];
  }

  /** The same values, cut from the graph (shares storage, which is safe: tensors are immutable). */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /**
   * Accumulates d(this)/d(leaf), weighted by `gradient`, into the .grad of
   * every leaf that requires grad. `gradient` defaults to 1 for a one-element
   * tensor and is required otherwise, as in PyTorch.
   */
  backward(gradient?: Tensor | number): void {
    if (!this.requiresGrad) {
      throw new AutogradError(
        AutogradErrorCode.InvalidBackward,
        "backward(): the tensor does not require grad and has no grad_fn",
      );
    }
    let seed: Float64Array;
    if (gradient === undefined) {
      if (this.data.length !== 1) {
        throw new AutogradError(
          AutogradErrorCode.InvalidBackward,
          `backward(): grad can be implicitly created only for scalar outputs, but the tensor has shape ${formatShape(this.shape)}`,
        );
      }
      seed = new Float64Array([1]);
    } else if (typeof gradient === "number") {
      if (this.data.length !== 1) {
        throw new AutogradError(
          AutogradErrorCode.ShapeMismatch,
          `backward(): a number gradient needs a one-element tensor, but the tensor has shape ${formatShape(this.shape)}`,
        );
      }
      seed = new Float64Array([gradient]);
    } else {
      if (!sameShape(gradient.shape, this.shape) && !(gradient.numel === 1 && this.numel === 1)) {
        throw new AutogradError(
          AutogradErrorCode.ShapeMismatch,
          `backward(): gradient has shape ${formatShape(gradient.shape)} but the tensor has shape ${formatShape(this.shape)}`,
        );
      }
      seed = gradient.data;
    }
    backward(this, seed);
  }

  add(other: Tensor | number): Tensor {
    return add(this, other);
  }
  sub(other: Tensor | number): Tensor {
    return sub(this, other);
  }
  mul(other: Tensor | number): Tensor {
    return mul(this, other);
  }
  div(other: Tensor | number): Tensor {
    return div(this, other);
  }
  neg(): Tensor {
    return neg(this);
  }
  exp(): Tensor {
    return exp(this);
  }
  log(): Tensor {
    return log(this);
  }
  sqrt(): Tensor {
    return sqrt(this);
  }
  abs(): Tensor {
    return abs(this);
  }
  pow(exponent: number): Tensor {
    return pow(this, exponent);
  }
  sigmoid(): Tensor {
    return sigmoid(this);
  }
  tanh(): Tensor {
    return tanh(this);
  }
  relu(): Tensor {
    return relu(this);
  }
  matmul(other: Tensor): Tensor {
    return matmul(this, other);
  }
  sum(dim?: number | number[], keepdim = false): Tensor {
    return sum(this, dim, keepdim);
  }
  mean(dim?: number | number[], keepdim = false): Tensor {
    return mean(this, dim, keepdim);
  }
  transpose(dim0: number, dim1: number): Tensor {
    return transpose(this, dim0, dim1);
  }
  /** The transpose of a 2-D tensor; a 0-d or 1-d tensor is returned as is (PyTorch's .T). */
  get T(): Tensor {
    if (this.ndim > 2) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `.T expects a tensor with at most 2 dimensions, but got shape ${formatShape(this.shape)}; use transpose(dim0, dim1)`,
      );
    }
    return this.ndim < 2 ? this : transpose(this, 0, 1);
  }
  reshape(shape: readonly number[]): Tensor {
    return reshape(this, shape);
  }
  flatten(startDim = 0, endDim = -1): Tensor {
    return flatten(this, startDim, endDim);
  }

  toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}, shape=${formatShape(this.shape)})`;
  }
}
