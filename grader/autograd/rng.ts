/**
 * A small seeded random number generator, so that a problem variant drawn
 * from a seed is the same on every machine and in every JavaScript engine
 * run of the grader.
 *
 * Uniform draws come from xoshiro128** (32-bit integer arithmetic only,
 * hence bit-identical everywhere), seeded through splitmix32; a uniform
 * double takes 53 random bits from two draws. Normal draws use Marsaglia's
 * polar method, which needs only Math.log and Math.sqrt (V8 computes log
 * with its own fdlibm port, not the platform's libm, so the results do not
 * depend on the machine either).
 */
export interface Rng {
  /** A uniform integer in [0, 2^32). */
  nextUint32(): number;
  /** A uniform double in [0, 1), with 53 random bits. */
  uniform(): number;
  /** A standard normal draw (mean 0, variance 1). */
  normal(): number;
}

export function createRng(seed: number): Rng {
  // splitmix32 spreads any integer seed (even 0) over the 128-bit state.
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };

  const uniform = (): number => {
    const high = nextUint32() >>> 5; // 27 bits
    const low = nextUint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992; // (high·2^26 + low) / 2^53
  };

  // The polar method yields two normals per accepted pair; keep the second.
  let spare: number | null = null;
  const normal = (): number => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const r2 = u * u + v * v;
      if (r2 > 0 && r2 < 1) {
        const scale = Math.sqrt((-2 * Math.log(r2)) / r2);
        spare = v * scale;
        return u * scale;
      }
    }
  };

  return { nextUint32, uniform, normal };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
