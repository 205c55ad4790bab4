import { Tensor } from "../tensor";
import { AutogradError, AutogradErrorCode, formatShape } from "../errors";
import { broadcastIndex, broadcastShapes, numel } from "../shape";
import { gemm } from "../kernels/gemm";

export interface ScaledDotProductAttentionOptions {
  /**
   * Additive float mask, broadcastable to (…, L, S): added to the scaled
   * scores before the softmax (PyTorch's float attn_mask). −Infinity removes a
   * key. Gradients flow into it when it requires grad.
   */
  attnMask?: Tensor | null;
  /**
   * Boolean mask given as a float64 tensor of 0/1, broadcastable to (…, L, S):
   * 1 = the query attends to the key (PyTorch's bool attn_mask True), 0 = it
   * is masked out. Not differentiable. Exclusive with attnMask.
   */
  keepMask?: Tensor | null;
  /** Query i attends to keys j ≤ i (top-left aligned when L ≠ S, as PyTorch). Exclusive with a mask. */
  isCausal?: boolean;
  /** Multiplies the scores q·kᵀ (default 1/√E, E the query's last dimension). */
  scale?: number | null;
}

/**
 * Attention, as torch.nn.functional.scaled_dot_product_attention without
 * dropout (dropout_p is not supported: the engine is deterministic):
 *
 *   A = softmax(scale · Q·Kᵀ + mask) over the keys,   output = A·V
 *
 * Shapes: query (…, L, E), key (…, S, E), value (…, S, Ev) → output
 * (…, L, Ev); the batch dimensions (…) broadcast as PyTorch's matmul does,
 * and a mask's dimensions broadcast against (…, L, S).
 *
 * A query whose keys are all masked out (every score −Infinity) gets weights
 * 0, hence output 0 and gradient 0, as PyTorch 2.x's safe softmax (not NaN).
 *
 * VJP per batch element, with G = dL/d(output) and P the weights:
 *   dV = Pᵀ·G,   dP = G·Vᵀ,   dS = P ⊙ (dP − rowsum(P ⊙ dP)),
 *   dQ = scale·dS·K,   dK = scale·dSᵀ·Q,   d(attnMask) = dS.
 * Gradients of broadcast operands add up over the elements that read them.
 */
export function scaledDotProductAttention(
  query: Tensor,
  key: Tensor,
  value: Tensor,
  options: ScaledDotProductAttentionOptions = {},
): Tensor {
  const where = "scaledDotProductAttention";
  const { attnMask = null, keepMask = null, isCausal = false } = options;
  if (query.ndim < 2 || key.ndim < 2 || value.ndim < 2) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${where} expects query (…, L, E), key (…, S, E) and value (…, S, Ev) of at least 2 dimensions, but got ` +
        `${formatShape(query.shape)}, ${formatShape(key.shape)} and ${formatShape(value.shape)}`,
    );
  }
  const [L, E] = query.shape.slice(-2);
  const [S, keyE] = key.shape.slice(-2);
  const [valueS, Ev] = value.shape.slice(-2);
  if (keyE !== E || valueS !== S) {
    throw new AutogradError(
      AutogradErrorCode.ShapeMismatch,
      `${where}: query ${formatShape(query.shape)}, key ${formatShape(key.shape)} and value ${formatShape(value.shape)} ` +
        `must share E (query and key's last dimension) and S (key and value's second-to-last dimension)`,
    );
  }
  if (attnMask && keepMask) {
    throw new AutogradError(
      AutogradErrorCode.InvalidArgument,
      `${where}: give either attnMask (additive) or keepMask (boolean 0/1), not both`,
    );
  }
  const mask = attnMask ?? keepMask;
  if (mask && isCausal) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: an explicit mask should not be given when isCausal is true`);
  }
  const scale = options.scale ?? 1 / Math.sqrt(E);
  if (!Number.isFinite(scale)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: scale must be a finite number, but got ${scale}`);
  }
  if (keepMask && keepMask.data.some((v) => v !== 0 && v !== 1)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${where}: keepMask must hold only 0 (masked out) and 1 (attend)`);
  }

  let batchShape = broadcastShapes(query.shape.slice(0, -2), key.shape.slice(0, -2), where);
  batchShape = broadcastShapes(batchShape, value.shape.slice(0, -2), where);
  if (mask && mask.ndim > 2) batchShape = broadcastShapes(batchShape, mask.shape.slice(0, -2), where);
  const scoresShape = [...batchShape, L, S];
  if (mask) {
    const maskShape = mask.shape;
    const fits = broadcastShapes(maskShape, scoresShape, where);
    if (fits.length !== scoresShape.length || fits.some((size, d) => size !== scoresShape[d])) {
      throw new AutogradError(
        AutogradErrorCode.ShapeMismatch,
        `${where}: mask of shape ${formatShape(maskShape)} does not broadcast to the scores' shape ${formatShape(scoresShape)}`,
      );
    }
  }
  const batch = numel(batchShape);
  // Which (broadcast) matrix of each operand batch element b reads.
  const matrixOf = (t: Tensor): ((b: number) => number) => {
    const map = broadcastIndex(batchShape, t.shape.slice(0, -2));
    return map === null ? (b) => b : (b) => map[b];
  };
  const qOf = matrixOf(query);
  const kOf = matrixOf(key);
  const vOf = matrixOf(value);
  const maskMap = mask ? broadcastIndex(scoresShape, mask.shape) : null;
  const maskAt = (index: number): number => (maskMap === null ? index : maskMap[index]);

  // Per batch element, the products run through gemm (the engine's one
  // matrix kernel); the masking and the softmax are plain loops in between.
  const scores = new Float64Array(batch * L * S);
  const output = new Float64Array(batch * L * Ev);
  for (let b = 0; b < batch; b++) {
    const scoreBase = b * L * S;
    gemm({
      transA: false,
      transB: true,
      M: L,
      N: S,
      K: E,
      A: query.data,
      aOffset: qOf(b) * L * E,
      B: key.data,
      bOffset: kOf(b) * S * E,
      C: scores,
      cOffset: scoreBase,
    });
    for (let i = 0; i < L; i++) {
      const rowBase = scoreBase + i * S;
      let max = -Infinity;
      for (let j = 0; j < S; j++) {
        const at = rowBase + j;
        let score = scores[at] * scale;
        if (attnMask) score += attnMask.data[maskAt(at)];
        else if ((keepMask && keepMask.data[maskAt(at)] === 0) || (isCausal && j > i)) score = -Infinity;
        scores[at] = score;
        if (score > max) max = score;
      }
      // A row with every key masked keeps weights 0 (PyTorch's safe softmax).
      if (max === -Infinity) {
        scores.fill(0, rowBase, rowBase + S);
        continue;
      }
      let total = 0;
      for (let j = rowBase; j < rowBase + S; j++) {
        const e = Math.exp(scores[j] - max);
        scores[j] = e;
        total += e;
      }
      for (let j = rowBase; j < rowBase + S; j++) scores[j] /= total;
    }
    gemm({
      transA: false,
      transB: false,
      M: L,
      N: Ev,
      K: S,
      A: scores,
      aOffset: scoreBase,
      B: value.data,
      bOffset: vOf(b) * S * Ev,
      C: output,
      cOffset: b * L * Ev,
    });
  }
  const weights = scores;

  const inputs = attnMask ? [query, key, value, attnMask] : [query, key, value];
  return Tensor.fromOp("ScaledDotProductAttentionBackward", output, [...batchShape, L, Ev], inputs, (gradOutput) => {
    const gradQuery = query.requiresGrad ? new Float64Array(query.numel) : null;
    const gradKey = key.requiresGrad ? new Float64Array(key.numel) : null;
    const gradValue = value.requiresGrad ? new Float64Array(value.numel) : null;
    const gradMask = attnMask?.requiresGrad ? new Float64Array(attnMask.numel) : null;
    // dS for one batch element, L×S; accumulating products add the gradients of broadcast operands up.
    const dScores = new Float64Array(L * S);
    for (let b = 0; b < batch; b++) {
      const scoreBase = b * L * S;
      const gBase = b * L * Ev;
      const [qBase, kBase, vBase] = [qOf(b) * L * E, kOf(b) * S * E, vOf(b) * S * Ev];
      if (gradValue) {
        gemm({
          transA: true,
          transB: false,
          M: S,
          N: Ev,
          K: L,
          A: weights,
          aOffset: scoreBase,
          B: gradOutput,
          bOffset: gBase,
          C: gradValue,
          cOffset: vBase,
          accumulate: true,
        });
      }
      if (!gradQuery && !gradKey && !gradMask) continue;
      gemm({ transA: false, transB: true, M: L, N: S, K: Ev, A: gradOutput, aOffset: gBase, B: value.data, bOffset: vBase, C: dScores });
      for (let i = 0; i < L; i++) {
        // dS_j = P_j (dP_j − Σ P·dP), with dP = G·Vᵀ already in dScores.
        let weighted = 0;
        for (let j = 0; j < S; j++) weighted += weights[scoreBase + i * S + j] * dScores[i * S + j];
        for (let j = 0; j < S; j++) {
          const ds = weights[scoreBase + i * S + j] * (dScores[i * S + j] - weighted);
          if (gradMask) gradMask[maskAt(scoreBase + i * S + j)] += ds;
          dScores[i * S + j] = ds * scale;
        }
      }
      if (gradQuery) {
        gemm({
          transA: false,
          transB: false,
          M: L,
          N: E,
          K: S,
          A: dScores,
          B: key.data,
          bOffset: kBase,
          C: gradQuery,
          cOffset: qBase,
          accumulate: true,
        });
      }
      if (gradKey) {
        gemm({
          transA: true,
          transB: false,
          M: S,
          N: E,
          K: L,
          A: dScores,
          B: query.data,
          bOffset: qBase,
          C: gradKey,
          cOffset: kBase,
          accumulate: true,
        });
      }
    }
    return attnMask ? [gradQuery, gradKey, gradValue, gradMask] : [gradQuery, gradKey, gradValue];
  });
}
