import { jacobian, summarize, tensor, type Dim } from "@/grader/autograd";
import { analyzeExpression, compileEnvironment, ExprErrorCode, evaluate, evaluationCost, type Instance } from "@/grader/expr";

/** jacobian(f, X) and the layer-table lookups: functions for references that a problem computes, never for answers. */
const environment = compileEnvironment(
  {
    dimensions: { n: { min: 2, max: 4 }, m: { min: 5, max: 6 } },
    variables: { A: { shape: ["m", "n"] }, v: { shape: ["n"] }, s: { shape: [] }, W: { shape: ["m", "n"] } },
    definitions: { u: "tanh(A @ v)" },
  },
  undefined,
  { networks: { cnn: 3 } },
);

function reference(source: string) {
  const analysis = analyzeExpression(source, environment, { allowGrad: true });
  if (!analysis.ok) throw analysis.error;
  return analysis.typed;
}

function referenceError(source: string, allowGrad = true) {
  const analysis = analyzeExpression(source, environment, { allowGrad });
  if (analysis.ok) throw new Error(`${source} was accepted`);
  return analysis.error;
}

const A = [
  [0.5, -1, 2],
  [1.5, 0.2, -0.7],
  [-0.3, 0.8, 0.1],
  [1, 1, -1],
  [0.2, -0.4, 0.6],
];
const v = [[0.3], [-1.2], [0.7]];
const table = summarize(["N", 3, 8, 8] as Dim[], [
  { type: "Conv2d", inChannels: 3, outChannels: 4, kernelSize: 3 },
  { type: "Flatten" },
  { type: "Linear", inFeatures: 144, outFeatures: 2 },
]);
const instance: Instance = {
  dims: { n: 3, m: 5 },
  values: new Map([
    ["A", tensor(A)],
    ["v", tensor(v)],
    ["s", tensor([[2]])],
    ["W", tensor(A)],
  ]),
  networks: new Map([["cnn", table]]),
};

describe("jacobian(f, X)", () => {
  it("is len(f)×len(X) for vectors, and 1×len(X) for a scalar f", () => {
    expect(reference("jacobian(u, v)").shape).toEqual(["m", "n"]);
    expect(reference("jacobian(sum(u), v)").shape).toEqual([1, "n"]);
    expect(reference("jacobian(u.T, s)").shape).toEqual(["m", 1]);
  });

  it("agrees with the engine's jacobian, following definitions back to X (tolerance 1e-12: the same float64 ops)", () => {
    const value = evaluate(reference("jacobian(u, v)"), environment, instance);
    const expected = jacobian((x) => tensor(A).matmul(x).tanh(), tensor(v)).reshape([5, 3]);
    expect(value.shape).toEqual([5, 3]);
    Array.from(value.data).forEach((entry, i) => expect(Math.abs(entry - expected.data[i])).toBeLessThanOrEqual(1e-12));
  });

  it("is the transpose of grad for a scalar f", () => {
    const viaJacobian = evaluate(reference("jacobian(sum(u * u), v)"), environment, instance);
    const viaGrad = evaluate(reference("grad(sum(u * u), v).T"), environment, instance);
    expect(Array.from(viaJacobian.data)).toEqual(Array.from(viaGrad.data));
  });

  it("refuses a matrix f or X, pointing at it, and suggests grad of a scalar", () => {
    const error = referenceError("jacobian(A @ v @ v.T, v)");
    expect([error.code, error.offset, error.length]).toEqual([ExprErrorCode.ShapeMismatch, 9, "A @ v @ v.T".length]);
    expect(error.message).toMatch(/needs a vector or scalar f, but A @ v @ v\.T is m×n; for a matrix take grad of a scalar/);
    expect(referenceError("jacobian(u, W)").message).toMatch(/vector or scalar X, but W is m×n/);
  });

  it("is for references only, cannot be nested in grad, and needs a quantity's name as X", () => {
    expect(referenceError("jacobian(u, v)", false).code).toBe(ExprErrorCode.GradNotAllowed);
    expect(referenceError("grad(sum(jacobian(u, v)), v)").message).toMatch(/jacobian\(…\) cannot be nested/);
    expect(referenceError("jacobian(u, 2 * v)").code).toBe(ExprErrorCode.InvalidArgument);
  });

  it("costs a forward and one backward per entry of f", () => {
    const dims = { n: 3, m: 5 };
    expect(evaluationCost(reference("jacobian(u, v)"), environment, dims)).toBeGreaterThan(
      5 * evaluationCost(reference("u"), environment, dims),
    );
  });
});

describe("layer-table lookups", () => {
  it("read parameters, dense equivalents and output sizes as scalars", () => {
    const value = (source: string) => evaluate(reference(source), environment, instance).data[0];
    expect(reference("layerParams(cnn, 1)").shape).toEqual([1, 1]);
    expect(value("layerParams(cnn, 1)")).toBe(3 * 4 * 9 + 4);
    expect(value("denseParams(cnn, 1)")).toBe(table[0].denseParams);
    expect(value("outputSize(cnn, 1, 2)")).toBe(6);
    expect(value("layerParams(cnn, 3) - outputSize(cnn, 2, 1) * 2")).toBe(2);
  });

  it("refuse a name that is not a network, a layer out of range, and a symbolic size", () => {
    expect(referenceError("layerParams(A, 1)").message).toMatch(/must name a network/);
    expect(referenceError("layerParams(cnn, 4)").message).toMatch(/from 1 to 3/);
    expect(() => evaluate(reference("outputSize(cnn, 1, 0)"), environment, instance)).toThrow(/is the symbol N/);
    expect(() => evaluate(reference("denseParams(cnn, 2)"), environment, instance)).toThrow(/not a convolution/);
  });

  it("cannot be reached from an environment without networks, such as a student's", () => {
    const answers = compileEnvironment({ variables: { x: { shape: [] } } });
    const analysis = analyzeExpression("layerParams(cnn, 1)", answers);
    expect(analysis.ok).toBe(false);
    expect(compileEnvironment.bind(null, { variables: { layerParams: { shape: [] } } })).toThrow(/word of the expression language/);
  });
});
