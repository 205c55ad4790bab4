// The file each grading worker thread loads (piscina imports it and calls its
// default export once per task). A worker thread is plain Node, outside
// Next's server bundle, jest's module registry and tsx's command line alike,
// so it registers tsx itself and runs the grader's TypeScript from the source
// tree: no build step to forget, never a stale copy, for a slower thread
// start (BENCHMARKS.md). It loads grading-task.ts and grader/ code only
// (test/lib/grading/worker-imports.test.ts).
//
// tsx's CommonJS hooks, not its ESM ones: on Node 20, ESM loader hooks
// registered from a worker thread (module.register, or `--import tsx` in the
// worker's execArgv) do not apply to that thread's imports, while require
// hooks do. The grader's .ts files are CommonJS to Node (package.json has no
// "type"), so require loads them.
import { createRequire } from "node:module";
import { register } from "tsx/cjs/api";

register();
const require = createRequire(import.meta.url);
const { runInWorker, runPostedTask, startPostedTask } = require("./grading-task.ts");

/** Per message from the pool: marks the task started (the pool's clock starts), then runs it. */
export default runPostedTask;
/** For test workers that misbehave after the start mark, as a grader would. */
export { runInWorker, startPostedTask };
