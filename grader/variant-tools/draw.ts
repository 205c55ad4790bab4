/**
 * Drawing parameters for variants: small helpers over the engine's seeded
 * RNG, so that every draw is the same on every machine.
 */
import type { Rng } from "../autograd";

/** A uniform integer in [min, max]. */
export function randomInt(rng: Rng, min: number, max: number): number {
  return min + (rng.nextUint32() % (max - min + 1));
}

export function pick<T>(rng: Rng, options: readonly T[]): T {
  return options[rng.nextUint32() % options.length];
}

/** `count` distinct integers from [min, max], in draw order. */
export function distinctInts(rng: Rng, count: number, min: number, max: number): number[] {
  if (max - min + 1 < count) throw new RangeError(`cannot draw ${count} distinct integers from [${min}, ${max}]`);
  const drawn: number[] = [];
  while (drawn.length < count) {
    const value = randomInt(rng, min, max);
    if (!drawn.includes(value)) drawn.push(value);
  }
  return drawn;
}

/**
 * A rows×cols matrix of values in [-range, range] with `decimals` decimals,
 * never exactly 0: short numbers a student can type, and no entry that
 * would hide a term.
 */
export function roundedMatrix(rng: Rng, rows: number, cols: number, range = 2, decimals = 1): number[][] {
  const scale = 10 ** decimals;
  const draw = (): number => {
    for (;;) {
      const value = Math.round((2 * rng.uniform() - 1) * range * scale) / scale;
      if (value !== 0) return value;
    }
  };
  return Array.from({ length: rows }, () => Array.from({ length: cols }, draw));
}

/** Retries `attempt` until it returns a value (not null); a problem's draw loop for rejecting degenerate variants. */
export function redrawUntil<T>(attempt: () => T | null, what: string, maxAttempts = 1000): T {
  for (let i = 0; i < maxAttempts; i++) {
    const value = attempt();
    if (value !== null) return value;
  }
  throw new Error(`could not draw ${what} in ${maxAttempts} attempts`);
}
