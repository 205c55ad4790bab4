// The real grading worker (lib/grading/grading-worker.mjs), plus two ways to
// misbehave on request, so that the tests can make a real thread hang or die
// and see what the pool does: answers with a part "__hang__", or a document
// whose text is "__hang__", spin forever; a part "__crash__" ends the thread.
// Every other task runs for real.
import runInWorker from "../../../lib/grading/grading-worker.mjs";

export default function runOrMisbehave(task) {
  const answers = task.answers ?? {};
  if ("__hang__" in answers || task.text === "__hang__") for (;;);
  if ("__crash__" in answers) process.exit(3);
  return runInWorker(task);
}
