/**
 * The Tensor: a float64, contiguous, row-major array with a shape, and (when
 * it was computed from tensors that require grad) the node of the graph that
 * made it.
 *
 * Tensors are immutable: no op writes into its inputs, so views (reshape,
 * detach) share storage safely and a graph can be differentiated as many
 * times as one likes.
 *
 * The op methods (x.add(y), x.sum(), x.backward()) are attached by
 * tensor-methods.ts, so that this class imports no op and no op imports
 * back into a loop.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { numel } from "./shape";
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
      throw new AutogradError(AutogradErrorCode.ShapeMismatch, `${data.length} values cannot fill a tensor of shape ${formatShape(shape)}`);
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

  toString(): string {
    return `tensor(${JSON.stringify(this.toArray())}, shape=${formatShape(this.shape)})`;
  }
}
