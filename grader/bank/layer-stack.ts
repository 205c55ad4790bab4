/**
 * A layer stack as the page shows it among a variant's parameters: the
 * input's shape, then each layer as its PyTorch constructor text, so that
 * a student reads the network as they would write it.
 */
import { pytorchConstructor, type Dim, type LayerSpec } from "../autograd";
import type { DisplayedParam } from "../problems/types";

export function layerStackParams(inputShape: readonly Dim[], layers: readonly LayerSpec[]): DisplayedParam[] {
  return [
    { name: "input", latex: "x", description: "input tensor", display: { kind: "shape", value: [...inputShape] } },
    ...layers.map((layer, i) => ({
      name: `layer${i + 1}`,
      latex: `\\text{layer } ${i + 1}`,
      display: { kind: "text" as const, value: pytorchConstructor(layer) },
    })),
  ];
}
