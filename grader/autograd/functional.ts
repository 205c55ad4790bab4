/** torch.nn.functional, in camelCase: the ops that take parameters rather than being Tensor methods. */
export { conv2d, type Conv2dOptions } from "./ops/conv2d";
export { maxPool2d, type MaxPool2dOptions } from "./ops/maxPool2d";
export { linear } from "./ops/linear";
export { mseLoss, type MseLossOptions } from "./ops/mseLoss";
export { relu } from "./ops/relu";
export { sigmoid } from "./ops/sigmoid";
export { tanh } from "./ops/tanh";
// Activations
export { gelu, type GeluOptions } from "./ops/gelu";
export { leakyRelu, type LeakyReluOptions } from "./ops/leakyRelu";
export { softplus, type SoftplusOptions } from "./ops/softplus";
export { elu, type EluOptions } from "./ops/elu";
// Normalisation
export { layerNorm, type LayerNormOptions } from "./ops/layerNorm";
