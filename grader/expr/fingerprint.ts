/**
 * A short, stable name for a numeric value, so that equal wrong answers can
 * be counted together in the gradebook whatever their spelling: W1.T * s
 * and diag(s) @ W1.T get the same fingerprint, because they have the same
 * values.
 *
 * Each value is rounded to 16 significant bits (about 5 decimal digits)
 * before hashing, so rounding differences between equivalent computations
 * (around 1e-15 relative) essentially never change the fingerprint; values
 * below 1e-9 of the largest magnitude count as 0 (cancellation noise). The
 * hash is cyrb53 (53 bits), printed in base 36: 11 characters at most.
 */

/** The fingerprint of one or more arrays of values with their shapes (row-major). */
export function fingerprintValues(parts: readonly { shape: readonly number[]; data: ArrayLike<number> }[]): string {
  const words: number[] = [];
  for (const part of parts) {
    words.push(0x5348_4150, part.shape.length, ...part.shape); // "SHAP": separates parts
    let largest = 0;
    for (let i = 0; i < part.data.length; i++) {
      const magnitude = Math.abs(part.data[i]);
      if (magnitude > largest && magnitude !== Infinity) largest = magnitude;
    }
    const negligible = largest * 1e-9;
    for (let i = 0; i < part.data.length; i++) quantize(part.data[i], negligible, words);
  }
  return cyrb53(words).toString(36).padStart(11, "0");
}

function quantize(value: number, negligible: number, words: number[]): void {
  if (Number.isNaN(value)) {
    words.push(1, 0);
  } else if (value === Infinity || value === -Infinity) {
    words.push(2, value > 0 ? 1 : -1);
  } else if (Math.abs(value) <= negligible) {
    words.push(0, 0);
  } else {
    const magnitude = Math.abs(value);
    let exponent = Math.floor(Math.log2(magnitude));
    let mantissa = Math.round(magnitude * Math.pow(2, 15 - exponent)); // in [2^15, 2^16]
    if (mantissa === 65536) {
      mantissa = 32768;
      exponent += 1;
    }
    words.push(value < 0 ? -mantissa : mantissa, exponent);
  }
}

/**
 * The fingerprint of an answer that has no value to hash (read, but of the
 * wrong shape): of its text as read, so that the same formula groups
 * together. Prefixed with "t" so it never equals a value's fingerprint.
 */
export function fingerprintText(text: string): string {
  const words: number[] = [];
  for (let i = 0; i < text.length; i++) words.push(text.charCodeAt(i));
  return `t${cyrb53(words).toString(36).padStart(11, "0")}`;
}

/** cyrb53 (bryc, public domain) over 32-bit words. */
function cyrb53(words: readonly number[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (const word of words) {
    h1 = Math.imul(h1 ^ word, 2654435761);
    h2 = Math.imul(h2 ^ word, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
