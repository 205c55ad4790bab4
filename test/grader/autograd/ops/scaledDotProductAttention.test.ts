import { AutogradErrorCode, createRng, functional as F, gradcheck, randn, Tensor, zeros } from "../../../../grader/autograd";
import type { ScaledDotProductAttentionOptions } from "../../../../grader/autograd/functional";
import { decode, expectMatches, loadFixture, type Encoded } from "../golden";
import { expectAutogradError } from "../expect-error";

/** A fixture tensor; JSON has no infinities, so −Infinity entries are listed by flat index. */
type MaskEncoded = Encoded & { minus_infinity?: number[] };

interface AttentionCase {
  note: string;
  options: { isCausal?: boolean; scale?: number };
  query: Encoded;
  key: Encoded;
  value: Encoded;
  keep_mask?: Encoded;
  attn_mask?: MaskEncoded;
  grad_output: Encoded;
  output: Encoded;
  grad_query: Encoded;
  grad_key: Encoded;
  grad_value: Encoded;
  grad_attn_mask: Encoded | null;
}

function decodeMask(encoded: MaskEncoded, requiresGrad = false): Tensor {
  const mask = decode(encoded, requiresGrad);
  for (const index of encoded.minus_infinity ?? []) mask.data[index] = -Infinity;
  return mask;
}

const { cases } = loadFixture<{ cases: AttentionCase[] }>("attention.json");

describe("scaledDotProductAttention against PyTorch (attention.json)", () => {
  it.each(cases.map((c) => [c.note, c] as const))("%s: output and the gradients of query, key, value (and mask) agree", (_note, c) => {
    const query = decode(c.query, true);
    const key = decode(c.key, true);
    const value = decode(c.value, true);
    const attnMask = c.attn_mask ? decodeMask(c.attn_mask, true) : null;
    const options: ScaledDotProductAttentionOptions = { ...c.options, attnMask, keepMask: c.keep_mask ? decode(c.keep_mask) : null };
    const output = F.scaledDotProductAttention(query, key, value, options);
    expectMatches(output, c.output);
    output.backward(decode(c.grad_output));
    expectMatches(query.grad, c.grad_query);
    expectMatches(key.grad, c.grad_key);
    expectMatches(value.grad, c.grad_value);
    if (attnMask) expectMatches(attnMask.grad, c.grad_attn_mask);
  });
});

describe("scaledDotProductAttention semantics", () => {
  it("with one key returns that key's value for every query, whatever the scores", () => {
    const rng = createRng(1);
    const value = randn([1, 3], rng);
    const output = F.scaledDotProductAttention(randn([4, 2], rng), randn([1, 2], rng), value);
    for (let i = 0; i < 4; i++) expect(Array.from(output.data.slice(i * 3, i * 3 + 3))).toEqual(Array.from(value.data));
  });

  it("gives a fully masked query row output 0 and gradient 0 (PyTorch's safe softmax), not NaN", () => {
    const rng = createRng(2);
    const query = randn([3, 2], rng, { requiresGrad: true });
    const keepMask = new Tensor(Float64Array.from([1, 1, 0, 0, 1, 0]), [3, 2]);
    const output = F.scaledDotProductAttention(query, randn([2, 2], rng), randn([2, 2], rng), { keepMask });
    expect(Array.from(output.data.slice(2, 4))).toEqual([0, 0]);
    output.sum().backward();
    expect(Array.from(query.grad!.data.slice(2, 4))).toEqual([0, 0]);
    expect(Array.from(query.grad!.data).every(Number.isFinite)).toBe(true);
  });

  it("a boolean keepMask of 0/1 equals the additive mask of 0/−Infinity", () => {
    const rng = createRng(3);
    const [q, k, v] = [randn([2, 4, 3], rng), randn([2, 5, 3], rng), randn([2, 5, 2], rng)];
    const keep = Float64Array.from({ length: 20 }, (_, i) => (i % 3 === 1 ? 0 : 1));
    const keepMask = new Tensor(keep, [4, 5]);
    const attnMask = new Tensor(
      keep.map((x) => (x === 1 ? 0 : -Infinity)),
      [4, 5],
    );
    expect(Array.from(F.scaledDotProductAttention(q, k, v, { keepMask }).data)).toEqual(
      Array.from(F.scaledDotProductAttention(q, k, v, { attnMask }).data),
    );
  });

  it("passes gradcheck in query, key, value and an additive mask, with broadcast batch dimensions", () => {
    const rng = createRng(4);
    const result = gradcheck(
      (q, k, v, m) => F.scaledDotProductAttention(q, k, v, { attnMask: m, scale: 0.8 }),
      [randn([2, 1, 3, 4], rng), randn([3, 5, 4], rng), randn([1, 5, 2], rng), randn([3, 5], rng)],
    );
    expect(result.mismatches).toEqual([]);
    expect(result.ok).toBe(true);
  });

  it("passes gradcheck when causal", () => {
    const rng = createRng(5);
    const result = gradcheck(
      (q, k, v) => F.scaledDotProductAttention(q, k, v, { isCausal: true }),
      [randn([2, 4, 3], rng), randn([2, 4, 3], rng), randn([2, 4, 2], rng)],
    );
    expect(result.ok).toBe(true);
  });
});

describe("scaledDotProductAttention refusals", () => {
  const q = zeros([2, 3, 4]);
  const k = zeros([2, 5, 4]);
  const v = zeros([2, 5, 2]);

  it("refuses a mask together with isCausal, as PyTorch", () => {
    expectAutogradError(
      () => F.scaledDotProductAttention(q, k, v, { isCausal: true, attnMask: zeros([3, 5]) }),
      AutogradErrorCode.InvalidArgument,
      /mask should not be given when isCausal is true/,
    );
  });

  it("refuses both an additive and a boolean mask", () => {
    expectAutogradError(
      () => F.scaledDotProductAttention(q, k, v, { attnMask: zeros([3, 5]), keepMask: zeros([3, 5]) }),
      AutogradErrorCode.InvalidArgument,
      /either attnMask \(additive\) or keepMask \(boolean 0\/1\), not both/,
    );
  });

  it("refuses a keepMask holding something other than 0 and 1", () => {
    expectAutogradError(
      () => F.scaledDotProductAttention(q, k, v, { keepMask: new Tensor(Float64Array.from([1, 0, 0.5, 1, 1]), [5]) }),
      AutogradErrorCode.InvalidArgument,
      /keepMask must hold only 0 \(masked out\) and 1 \(attend\)/,
    );
  });

  it("refuses a key whose feature size differs from the query's, naming the shapes", () => {
    expectAutogradError(
      () => F.scaledDotProductAttention(q, zeros([2, 5, 3]), v),
      AutogradErrorCode.ShapeMismatch,
      /query \[2, 3, 4\], key \[2, 5, 3\] and value \[2, 5, 2\] must share E/,
    );
  });

  it("refuses a mask that does not broadcast to (…, L, S)", () => {
    expectAutogradError(
      () => F.scaledDotProductAttention(q, k, v, { attnMask: zeros([5, 3]) }),
      AutogradErrorCode.ShapeMismatch,
      /cannot be broadcast|does not broadcast to the scores' shape/,
    );
  });

  it("refuses batch dimensions that do not broadcast", () => {
    expectAutogradError(() => F.scaledDotProductAttention(zeros([3, 3, 4]), k, v), AutogradErrorCode.ShapeMismatch, /cannot be broadcast/);
  });
});
