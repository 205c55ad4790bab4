import { Tensor } from "../tensor";
import { dimLines, forEachLine, lineMax, type SoftmaxOptions } from "./softmax";

export type LogSoftmaxOptions = SoftmaxOptions;

/**
 * log softmax(x)ᵢ = xᵢ − m − log Σⱼ exp(xⱼ − m) along `dim`, as
 * torch.log_softmax: the log-sum-exp is shifted by the line's maximum m, so
 * large logits neither overflow nor lose the small ones to log(0). The VJP,
 * from the output as PyTorch does: ∂L/∂xᵢ = gᵢ − exp(yᵢ)·Σⱼ gⱼ.
 */
export function logSoftmax(x: Tensor, options: LogSoftmaxOptions): Tensor {
  const lines = dimLines(x.shape, options.dim, "logSoftmax");
  const { size, inner } = lines;
  const xs = x.data;
  const y = new Float64Array(xs.length);
  forEachLine(lines, (start) => {
    const max = lineMax(xs, start, lines);
    let total = 0;
    for (let k = 0, p = start; k < size; k++, p += inner) total += Math.exp(xs[p] - max);
    const logTotal = Math.log(total);
    for (let k = 0, p = start; k < size; k++, p += inner) y[p] = xs[p] - max - logTotal;
  });
  return Tensor.fromOp("LogSoftmaxBackward", y, x.shape, [x], (g) => {
    const gx = new Float64Array(g.length);
    forEachLine(lines, (start) => {
      let total = 0;
      for (let k = 0, p = start; k < size; k++, p += inner) total += g[p];
      for (let k = 0, p = start; k < size; k++, p += inner) gx[p] = g[p] - Math.exp(y[p]) * total;
    });
    return [gx];
  });
}
