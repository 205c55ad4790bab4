/**
 * RNN, LSTM and GRU rows. Each layer and direction has W_ih (g·H, in),
 * W_hh (g·H, H) and, with bias, PyTorch's two bias vectors b_ih and b_hh
 * of g·H each, where g is the number of gates (RNN 1, LSTM 4, GRU 3); the
 * first layer reads inputSize features, later ones the dirs·H outputs of
 * the layer below. The row's output is the sequence output, (L, N, dirs·H)
 * (batchFirst: (N, L, dirs·H); unbatched: (L, dirs·H)).
 */
import { AutogradErrorCode } from "../errors";
import type { RecurrentLayer } from "../layers";
import { checkCounts, checkProbability, fail, numericSizes, showShape, type Dim, type LayerSummary } from "./common";

const GATES: Record<RecurrentLayer["type"], number> = { RNN: 1, LSTM: 4, GRU: 3 };

export function recurrentParams(layer: RecurrentLayer): number {
  const gates = GATES[layer.type];
  const hidden = layer.hiddenSize;
  const directions = layer.bidirectional ? 2 : 1;
  let total = 0;
  for (let l = 0; l < (layer.numLayers ?? 1); l++) {
    const inputs = l === 0 ? layer.inputSize : directions * hidden;
    const perDirection = gates * hidden * inputs + gates * hidden * hidden + ((layer.bias ?? true) ? 2 * gates * hidden : 0);
    total += directions * perDirection;
  }
  return total;
}

export function recurrentRow(shape: Dim[], layer: RecurrentLayer, where: string): LayerSummary<Dim> {
  checkCounts({ numLayers: 1, ...layer }, ["inputSize", "hiddenSize", "numLayers"], where);
  checkProbability(layer.dropout ?? 0, "dropout", where);
  if (layer.nonlinearity !== undefined && (layer.type !== "RNN" || !["tanh", "relu"].includes(layer.nonlinearity))) {
    throw fail(
      AutogradErrorCode.InvalidArgument,
      where,
      `unknown nonlinearity ${JSON.stringify(layer.nonlinearity)} (only RNN takes one: "tanh" or "relu")`,
    );
  }
  if (shape.length !== 2 && shape.length !== 3) {
    throw fail(
      AutogradErrorCode.ShapeMismatch,
      where,
      `expected input to be 2-D (L, H_in) or 3-D (${layer.batchFirst ? "N, L" : "L, N"}, H_in), but got ${shape.length}-D input ${showShape(shape)}`,
    );
  }
  const [features] = numericSizes(shape, [-1], where);
  if (features !== layer.inputSize) {
    throw fail(
      AutogradErrorCode.ChannelMismatch,
      where,
      `input.size(-1) must be equal to input_size. Expected ${layer.inputSize}, got ${features} (input ${showShape(shape)})`,
    );
  }
  const directions = layer.bidirectional ? 2 : 1;
  return {
    outputShape: [...shape.slice(0, -1), directions * layer.hiddenSize],
    params: recurrentParams(layer),
    buffers: 0,
    denseParams: null,
  };
}
