/**
 * A finite-difference check of gradients, for tests and for instructors
 * writing a new reference (torch.autograd.gradcheck in spirit).
 *
 * For a scalar-valued check, f's output is reduced to the scalar
 * L = Σ f(inputs) · v with a fixed random v (so every output element
 * matters); the analytic dL/d(input) from backward() is compared, element by
 * element, with the central difference (L(x + h) − L(x − h)) / 2h, whose
 * error is O(h²) for smooth f. Inputs must be away from kinks (relu at 0,
 * ties in a max) where the two legitimately differ.
 */
import { gradients } from "./backward";
import { createRng } from "./rng";
import { Tensor } from "./tensor";

export interface GradcheckOptions {
  /** Step of the central difference (default 1e-6: for float64 the O(h²) and rounding errors balance near here). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance, against the numerical value (default 1e-3). */
  rtol?: number;
  /** Seed for the random projection v of a non-scalar output (default 0). */
  seed?: number;
}

export interface GradcheckMismatch {
  input: number;
  index: number;
  analytic: number;
  numerical: number;
}

export interface GradcheckResult {
  ok: boolean;
  /** The largest |analytic − numerical| over all checked elements. */
  maxAbsError: number;
  /** Elements outside atol + rtol·|numerical|, at most 10. */
  mismatches: GradcheckMismatch[];
}

export function gradcheck(f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: GradcheckOptions = {}): GradcheckResult {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const leaves = inputs.map((x) => new Tensor(Float64Array.from(x.data), x.shape, { requiresGrad: true }));

  const output = f(...leaves);
  const rng = createRng(options.seed ?? 0);
  const projection = new Float64Array(output.numel);
  for (let i = 0; i < projection.length; i++) projection[i] = output.numel === 1 ? 1 : rng.normal();
  const project = (values: Float64Array): number => values.reduce((total, v, i) => total + v * projection[i], 0);

  const analytic = output.requiresGrad ? gradients(output, projection, leaves) : leaves.map((leaf) => new Float64Array(leaf.numel));

  const result: GradcheckResult = { ok: true, maxAbsError: 0, mismatches: [] };
  leaves.forEach((leaf, input) => {
    // Perturb a copy of the data in place; the leaves share nothing with the caller.
    const data = leaf.data;
    for (let index = 0; index < data.length; index++) {
      const saved = data[index];
      data[index] = saved + eps;
      const plus = project(f(...leaves).data);
      data[index] = saved - eps;
      const minus = project(f(...leaves).data);
      data[index] = saved;
      const numerical = (plus - minus) / (2 * eps);
      const error = Math.abs(analytic[input][index] - numerical);
      result.maxAbsError = Math.max(result.maxAbsError, error);
      if (!(error <= atol + rtol * Math.abs(numerical))) {
        result.ok = false;
        if (result.mismatches.length < 10) result.mismatches.push({ input, index, analytic: analytic[input][index], numerical });
      }
    }
  });
  return result;
}
