import { createRng, jacobian, jacobianVec, randn, Tensor, tensor } from "../../../grader/autograd";
import { decode, expectMatches, loadFixture, type Encoded } from "./golden";

interface JacobianFixture {
  constants: { W: Encoded; b: Encoded; X: Encoded };
  cases: { name: string; x: Encoded; jacobian: Encoded }[];
}

const fixture = loadFixture<JacobianFixture>("jacobian.json");
const W = decode(fixture.constants.W);
const b = decode(fixture.constants.b);
const X = decode(fixture.constants.X);

/** The same functions as make_golden.py's jacobian_cases(). */
const functions: Record<string, (x: Tensor) => Tensor> = {
  tanh_affine: (x) => W.matmul(x).add(b).tanh(),
  softmax: (x) => x.exp().div(x.exp().sum()),
  matrix_square: (m) => m.matmul(m),
  w_times_x: (w) => w.matmul(X),
  row_norms: (m) => m.pow(2).sum(1).sqrt(),
  scalar_of_matrix: (m) => m.sigmoid().mul(m).sum(),
};

describe("jacobian against torch.autograd.functional.jacobian", () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))("%s: shape [...f(x).shape, ...x.shape] and every entry agree", (name, c) => {
    expectMatches(jacobian(functions[name], decode(c.x)), c.jacobian);
  });

  it("does not touch the .grad of the tensor it differentiates at", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    jacobian((v) => v.mul(v), x);
    expect(x.grad).toBeNull();
  });

  it("gives the identity for f(x) = x reshaped (gradients passed through unchanged)", () => {
    expect(jacobian((v) => v.reshape([2, 1]), tensor([3, 4])).toArray()).toEqual([[[1, 0]], [[0, 1]]]);
    expect(jacobian((v) => v, tensor([3, 4])).toArray()).toEqual([
      [1, 0],
      [0, 1],
    ]);
  });

  it("gives zeros for an output that does not depend on x", () => {
    expect(jacobian(() => tensor([1, 2]), tensor([3, 4, 5])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0],
    ]);
  });
});

/** Kronecker product of two matrices given as nested arrays (+ 0 turns −0 into 0 for toEqual). */
function kron(a: number[][], b: number[][]): number[][] {
  const rows: number[][] = [];
  for (const aRow of a) for (const bRow of b) rows.push(aRow.flatMap((x) => bRow.map((y) => x * y + 0)));
  return rows;
}

function identity(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

describe("jacobianVec: the Jacobian with respect to vec(W)", () => {
  // Y = W·X with W m×n, X n×p. Column-major vec gives d vec(Y)/d vec(W) = Xᵀ ⊗ I_m
  // (the identity of matrix-calculus texts); row-major vec gives I_m ⊗ Xᵀ.
  const rng = createRng(7);
  const m = 3;
  const n = 4;
  const p = 2;
  const x = randn([n, p], rng);
  const w = randn([m, n], rng);
  const xT = x.T.toArray() as number[][];

  it("column-major: d vec(WX) / d vec(W) = Xᵀ ⊗ I", () => {
    const J = jacobianVec((v) => v.matmul(x), w, "column-major");
    expect(J.shape).toEqual([m * p, m * n]);
    expect(J.toArray()).toEqual(kron(xT, identity(m)));
  });

  it("row-major: d vec(WX) / d vec(W) = I ⊗ Xᵀ", () => {
    const J = jacobianVec((v) => v.matmul(x), w, "row-major");
    expect(J.toArray()).toEqual(kron(identity(m), xT));
  });

  it("row-major order is the plain Jacobian reshaped to a matrix", () => {
    const f = (v: Tensor) => v.tanh().matmul(x);
    const plain = jacobian(f, w);
    expect(Array.from(jacobianVec(f, w, "row-major").data)).toEqual(Array.from(plain.data));
  });

  it("refuses column-major vec of a 3-D tensor", () => {
    expect(() => jacobianVec((v) => v, new Tensor(new Float64Array(8), [2, 2, 2]), "column-major")).toThrow(/matrices/);
  });
});
