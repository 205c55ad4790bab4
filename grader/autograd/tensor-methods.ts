/**
 * The Tensor methods that call an op or backward: x.add(y), x.sum(),
 * x.T, x.backward(). They are attached here, as tfjs's public/chained_ops
 * does, so that tensor.ts imports no op and the ops import the Tensor class
 * without a loop. The package index imports this module once; code outside
 * grader/autograd reaches Tensor only through that index.
 */
import { AutogradError, AutogradErrorCode, formatShape } from "./errors";
import { Tensor } from "./tensor";
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
import { softmax } from "./ops/softmax";
import { logSoftmax } from "./ops/logSoftmax";
import { matmul } from "./ops/matmul";
import { sum } from "./ops/sum";
import { mean } from "./ops/mean";
import { transpose } from "./ops/transpose";
import { flatten, reshape } from "./ops/reshape";
import { backward, backwardSeed } from "./backward";

/** The methods attached below; x.T is the one getter. */
interface TensorMethods {
  add(other: Tensor | number): Tensor;
  sub(other: Tensor | number): Tensor;
  mul(other: Tensor | number): Tensor;
  div(other: Tensor | number): Tensor;
  neg(): Tensor;
  exp(): Tensor;
  log(): Tensor;
  sqrt(): Tensor;
  abs(): Tensor;
  pow(exponent: number): Tensor;
  sigmoid(): Tensor;
  tanh(): Tensor;
  relu(): Tensor;
  /** softmax along `dim`, as torch.Tensor.softmax(dim). */
  softmax(dim: number): Tensor;
  /** log-softmax along `dim`, as torch.Tensor.log_softmax(dim). */
  logSoftmax(dim: number): Tensor;
  matmul(other: Tensor): Tensor;
  sum(dim?: number | number[], keepdim?: boolean): Tensor;
  mean(dim?: number | number[], keepdim?: boolean): Tensor;
  transpose(dim0: number, dim1: number): Tensor;
  reshape(shape: readonly number[]): Tensor;
  flatten(startDim?: number, endDim?: number): Tensor;
  /**
   * Accumulates d(this)/d(leaf), weighted by `gradient`, into the .grad of
   * every leaf that requires grad. `gradient` defaults to 1 for a one-element
   * tensor and is required otherwise, as in PyTorch.
   */
  backward(gradient?: Tensor | number): void;
}

declare module "./tensor" {
  interface Tensor extends TensorMethods {
    /** The transpose of a 2-D tensor; a 0-d or 1-d tensor is returned as is (PyTorch's .T). */
    readonly T: Tensor;
  }
}

const methods: TensorMethods & ThisType<Tensor> = {
  add(other) {
    return add(this, other);
  },
  sub(other) {
    return sub(this, other);
  },
  mul(other) {
    return mul(this, other);
  },
  div(other) {
    return div(this, other);
  },
  neg() {
    return neg(this);
  },
  exp() {
    return exp(this);
  },
  log() {
    return log(this);
  },
  sqrt() {
    return sqrt(this);
  },
  abs() {
    return abs(this);
  },
  pow(exponent) {
    return pow(this, exponent);
  },
  sigmoid() {
    return sigmoid(this);
  },
  tanh() {
    return tanh(this);
  },
  relu() {
    return relu(this);
  },
  softmax(dim) {
    return softmax(this, { dim });
  },
  logSoftmax(dim) {
    return logSoftmax(this, { dim });
  },
  matmul(other) {
    return matmul(this, other);
  },
  sum(dim, keepdim = false) {
    return sum(this, dim, keepdim);
  },
  mean(dim, keepdim = false) {
    return mean(this, dim, keepdim);
  },
  transpose(dim0, dim1) {
    return transpose(this, dim0, dim1);
  },
  reshape(shape) {
    return reshape(this, shape);
  },
  flatten(startDim = 0, endDim = -1) {
    return flatten(this, startDim, endDim);
  },
  backward(gradient) {
    backward(this, backwardSeed(this, gradient));
  },
};

// Not enumerable, as the methods a class body defines.
for (const [name, value] of Object.entries(methods)) {
  Object.defineProperty(Tensor.prototype, name, { value, writable: true, configurable: true });
}
Object.defineProperty(Tensor.prototype, "T", {
  get(this: Tensor): Tensor {
    if (this.ndim > 2) {
      throw new AutogradError(
        AutogradErrorCode.InvalidArgument,
        `.T expects a tensor with at most 2 dimensions, but got shape ${formatShape(this.shape)}; use transpose(dim0, dim1)`,
      );
    }
    return this.ndim < 2 ? this : transpose(this, 0, 1);
  },
  configurable: true,
});
