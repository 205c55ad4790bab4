/**
 * TEMPORARY: the mapping of a parsed call to an engine layer belongs to
 * grader/autograd (`layerFromCall`, helper i21-summarize). Until it lands
 * this covers the layers a problem document can state today, with
 * PyTorch's argument names and positions, so the importer can be built and
 * tested; it is deleted when the engine's version is merged.
 */
import { AutogradError, AutogradErrorCode, type LayerSpec } from "../../autograd";
import type { LayerArg, LayerCall } from "./parse-model";

/** Each layer's constructor arguments in PyTorch's order (snake_case), and their names in LayerSpec. */
const SIGNATURES: Record<string, [python: string, spec: string][]> = {
  Conv2d: [
    ["in_channels", "inChannels"],
    ["out_channels", "outChannels"],
    ["kernel_size", "kernelSize"],
    ["stride", "stride"],
    ["padding", "padding"],
    ["dilation", "dilation"],
    ["groups", "groups"],
    ["bias", "bias"],
    ["padding_mode", "paddingMode"],
  ],
  MaxPool2d: [
    ["kernel_size", "kernelSize"],
    ["stride", "stride"],
    ["padding", "padding"],
    ["dilation", "dilation"],
    ["return_indices", "returnIndices"],
    ["ceil_mode", "ceilMode"],
  ],
  Flatten: [
    ["start_dim", "startDim"],
    ["end_dim", "endDim"],
  ],
  Linear: [
    ["in_features", "inFeatures"],
    ["out_features", "outFeatures"],
    ["bias", "bias"],
  ],
  ReLU: [["inplace", "inplace"]],
  Sigmoid: [],
  Tanh: [],
};

/** Arguments that change nothing the engine computes (in-place updates, padding_mode='zeros'), accepted and dropped. */
const IGNORED: Record<string, LayerArg> = { inplace: null, paddingMode: "zeros", returnIndices: false };

export function layerFromCall(call: LayerCall): LayerSpec {
  if (!Object.hasOwn(SIGNATURES, call.name)) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${call.name} is not a layer the engine supports`);
  }
  const signature = SIGNATURES[call.name];
  if (call.args.length > signature.length) {
    throw new AutogradError(AutogradErrorCode.InvalidArgument, `${call.name} takes at most ${signature.length} positional arguments`);
  }
  const spec: Record<string, unknown> = { type: call.name };
  const set = (python: string, name: string, value: LayerArg) => {
    if (Object.hasOwn(IGNORED, name)) {
      if (IGNORED[name] !== null && value !== IGNORED[name]) {
        throw new AutogradError(AutogradErrorCode.InvalidArgument, `${call.name}: ${python}=${JSON.stringify(value)} is not supported`);
      }
      return;
    }
    if (Object.hasOwn(spec, name)) throw new AutogradError(AutogradErrorCode.InvalidArgument, `${call.name}: ${python} is given twice`);
    spec[name] = value;
  };
  call.args.forEach((value, i) => set(signature[i][0], signature[i][1], value));
  for (const [python, value] of Object.entries(call.kwargs)) {
    const entry = signature.find(([candidate]) => candidate === python);
    if (!entry) throw new AutogradError(AutogradErrorCode.InvalidArgument, `${call.name} has no argument ${python}`);
    set(python, entry[1], value);
  }
  return spec as unknown as LayerSpec;
}
