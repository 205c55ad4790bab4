/** torch.nn.functional, in camelCase: the ops that take parameters rather than being Tensor methods. */
export { conv2d, type Conv2dOptions } from "./ops/conv2d";
export { maxPool2d, type MaxPool2dOptions } from "./ops/maxPool2d";
export { linear } from "./ops/linear";
export { mseLoss, type MseLossOptions } from "./ops/mseLoss";
export { relu } from "./ops/relu";
export { sigmoid } from "./ops/sigmoid";
export { tanh } from "./ops/tanh";
// Classification: softmax, log-softmax and the losses on class scores.
export { softmax, type SoftmaxOptions } from "./ops/softmax";
export { logSoftmax, type LogSoftmaxOptions } from "./ops/logSoftmax";
export { nllLoss, type NllLossOptions, type LossReduction } from "./ops/nllLoss";
export { crossEntropy, type CrossEntropyOptions } from "./ops/crossEntropy";
export { binaryCrossEntropy, type BinaryCrossEntropyOptions } from "./ops/binaryCrossEntropy";
export { binaryCrossEntropyWithLogits, type BinaryCrossEntropyWithLogitsOptions } from "./ops/binaryCrossEntropyWithLogits";
// Activations
export { gelu, type GeluOptions } from "./ops/gelu";
export { leakyRelu, type LeakyReluOptions } from "./ops/leakyRelu";
export { softplus, type SoftplusOptions } from "./ops/softplus";
export { elu, type EluOptions } from "./ops/elu";
// Normalisation
export { layerNorm, type LayerNormOptions } from "./ops/layerNorm";
// Convolution
export { convTranspose2d, type ConvTranspose2dOptions } from "./ops/convTranspose2d";
// Attention
export { scaledDotProductAttention, type ScaledDotProductAttentionOptions } from "./ops/scaledDotProductAttention";
