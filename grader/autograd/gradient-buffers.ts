/**
 * Reused arrays for the large gradients that live only while backward runs.
 *
 * Why: a large typed array is often fresh memory from the C allocator, and
 * touching it costs page faults (on the benchmark machine a fresh 1 MiB
 * Float64Array, allocated and touched in a loop, took about 0.5 ms; one of
 * 256 KiB, 0.03 ms). Forward outputs cannot be reused (nobody knows how long
 * a tensor lives), but an intermediate gradient is dead as soon as the node
 * that consumed it has run, and the backward pass knows when that is.
 *
 * The contract: an op's VJP takes its gradient array from `gradientBuffer`
 * and hands it back as an input's gradient. Only backward.ts calls
 * `recycleGradient`, and only for an array this module issued, once no
 * gradient entry, result or returned gradient shares its memory. Any other
 * array passed to `recycleGradient` is ignored, so a mistake can only lose
 * reuse, never hand out memory still in use.
 */

/** Below this many doubles (128 KiB) the JavaScript heap serves allocations cheaply: not pooled. */
const MIN_POOLED = 16_384;
/** At most this many doubles (64 MiB) wait for reuse. */
const MAX_POOLED_TOTAL = 8_388_608;

const free = new Map<number, Float64Array[]>();
let pooledTotal = 0;
/** Arrays handed out by gradientBuffer and not yet recycled. */
const issued = new WeakSet<ArrayBufferLike>();

/** A zeroed array of `length` doubles, which backward.ts may recycle once it is dead. */
export function gradientBuffer(length: number): Float64Array {
  if (length < MIN_POOLED) return new Float64Array(length);
  const reused = free.get(length)?.pop();
  let array: Float64Array;
  if (reused) {
    pooledTotal -= length;
    reused.fill(0);
    array = reused;
  } else {
    array = new Float64Array(length);
  }
  issued.add(array.buffer);
  return array;
}

/** Whether `array` came from gradientBuffer and is still out. */
export function isRecyclable(array: Float64Array): boolean {
  return issued.has(array.buffer);
}

/**
 * Marks an issued array as the caller's for good (gradients() returns it):
 * it may come back later as another pass's seed or as a tensor's data, so
 * it must never be recycled.
 */
export function handOut(array: Float64Array): Float64Array {
  issued.delete(array.buffer);
  return array;
}

/** Takes back an array from gradientBuffer that nothing references any more. */
export function recycleGradient(array: Float64Array): void {
  if (!issued.has(array.buffer)) return;
  issued.delete(array.buffer);
  if (pooledTotal + array.length > MAX_POOLED_TOTAL) return;
  pooledTotal += array.length;
  const list = free.get(array.length);
  if (list) list.push(array);
  else free.set(array.length, [array]);
}
