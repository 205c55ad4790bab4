// The faulty test worker (faulty-grading-worker.mjs) with a thread start-up
// of three seconds (a sleep, not CPU), as on a loaded machine: the tests
// check that a replacement thread's start is not counted as grading time.
import runOrMisbehave from "./faulty-grading-worker.mjs";

Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);

export default runOrMisbehave;
