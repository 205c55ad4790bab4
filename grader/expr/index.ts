/**
 * The matrix expression language: NumPy/PyTorch-style formulas over a
 * part's named quantities, parsed without eval, shape-checked against the
 * declared shapes, rendered back as canonical text and LaTeX, and graded by
 * evaluating them with the engine on random instances.
 *
 *   import { compileCheck, checkExpression } from "./grader/expr";
 *   const part = compileCheck({ context: {
 *     dimensions: { d: { min: 2, max: 6 }, h: { min: 2, max: 6 } },
 *     variables: { W0: { shape: ["h", "d"] }, b0: { shape: ["h"] }, W1: { shape: [1, "h"] }, b1: { shape: [] }, x: { shape: ["d"] } },
 *     definitions: { z: "sigmoid(W0 @ x + b0)", y: "W1 @ z + b1" },
 *   } }, "grad(y, W0)");
 *   checkExpression(part, "(W1.T * z * (1 - z)) @ x.T").status; // "correct"
 *   checkExpression(part, "(W1 * z * (1 - z)) @ x.T");
 *   // invalid: "W1 is 1×h and z is h×1: ∘ needs equal shapes; did you mean W1.T?"
 *
 * Pure TypeScript with no Node-only import: the browser runs the same
 * parser and shape checker for the live preview (analyzeExpression).
 */
export { ExprError, ExprErrorCode, SpecError, type ShapeMismatchDetails } from "./errors";
export { DEFAULT_LIMITS, type ExprLimits } from "./limits";
export { type Dim, type Shape, formatShape } from "./shape";
export { postOrder, namesUsed, type ExprNode, type Span, type BinaryOperator } from "./ast";
export { GRAD, JACOBIAN, NETWORK_FUNCTIONS, isNetworkFunction, isReferenceFunction, type NetworkFunctionName } from "./functions";
export { tokenize, type Token } from "./tokenizer";
export { parseExpression, type ParsedExpression, type ParseOptions } from "./parser";
export { inferShapes, type ShapeScope, type TypedExpression } from "./shapes";
export { toCanonical, toLatex, latexName, type LatexOptions } from "./render";
export {
  compileEnvironment,
  expressionContextSchema,
  distributionSchema,
  shapeDeclarationSchema,
  type Environment,
  type EnvironmentExtensions,
  type ExpressionContext,
  type ExpressionContextInput,
} from "./environment";
export { drawInstances, type Instance } from "./instances";
export { evaluate, evaluationCost } from "./evaluate";
export { analyzeExpression, type Analysis, type Interpretation, type SubExpression } from "./interpret";
export { fingerprintText, fingerprintValues } from "./fingerprint";
export { evaluateArithmetic, floatArithmetic, type Arithmetic } from "./constant";
export {
  compileCheck,
  compileCheckCached,
  checkExpression,
  withoutForbiddenCalls,
  answerEvaluationCost,
  allClose,
  expressionCheckSchema,
  knownMistakeSchema,
  type CompiledCheck,
  type ExpressionCheckInput,
  type ExpressionCheckOptions,
  type ExpressionVerdict,
  type WrongDiagnosis,
} from "./check";
