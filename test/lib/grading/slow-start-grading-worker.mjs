// The real grading worker (lib/grading/grading-worker.mjs), after a thread
// start-up of three seconds (a sleep, not CPU), as on a loaded machine: the
// tests check that a grading's timeout does not count it.
import runInWorker from "../../../lib/grading/grading-worker.mjs";

Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 3_000);

export default runInWorker;
