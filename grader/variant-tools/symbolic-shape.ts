/**
 * Symbolic shapes computed by the engine. A question such as "what is the
 * shape of ∂g/∂W for W ∈ R^{p×q}?" has the answer (n, p, q); to compute it
 * rather than type it, the engine differentiates a concrete g with each
 * symbol bound to a distinct prime, and every size of the result is read
 * back as the product of the symbols whose primes divide it (77 = 7·11 is
 * p·q). Distinct primes make that reading unique.
 */

export type SymbolBindings = Record<string, number>;

const PRIMES = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29];

/** Binds each symbol to its own prime, in order: { n: 2, m: 3, l: 5 }. */
export function primeBindings(symbols: readonly string[]): SymbolBindings {
  if (symbols.length > PRIMES.length) throw new RangeError(`at most ${PRIMES.length} symbols`);
  return Object.fromEntries(symbols.map((symbol, i) => [symbol, PRIMES[i]]));
}

/** Reads a numeric size back as symbols: 77 → "p*q" for { p: 7, q: 11 }. Throws when the size is not such a product. */
export function symbolicSize(size: number, bindings: SymbolBindings): string {
  let rest = size;
  const factors: string[] = [];
  for (const [symbol, prime] of Object.entries(bindings)) {
    if (rest % prime === 0) {
      factors.push(symbol);
      rest /= prime;
    }
  }
  if (rest !== 1 || factors.length === 0) {
    throw new Error(`size ${size} is not a product of distinct symbols of ${JSON.stringify(bindings)}`);
  }
  return factors.join("*");
}

export function symbolicShape(shape: readonly number[], bindings: SymbolBindings): string[] {
  return shape.map((size) => symbolicSize(size, bindings));
}
