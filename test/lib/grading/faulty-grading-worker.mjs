// The real grading worker (lib/grading/grading-worker.mjs), plus two ways to
// misbehave on request, so that the tests can make a real thread hang or die
// and see what the pool does: answers with a part "__hang__", or a document
// whose text is "__hang__", spin forever; a part "__crash__" ends the thread;
// a part "__slow__" spins for that many ms first.
// Every other task runs for real.
import { runInWorker, startPostedTask } from "../../../lib/grading/grading-worker.mjs";

export default function runOrMisbehave(posted) {
  // Marked started first, as the real worker does: a hang is then the task's own time.
  const task = startPostedTask(posted);
  const answers = task.answers ?? {};
  if ("__hang__" in answers || task.text === "__hang__") for (;;);
  if ("__crash__" in answers) process.exit(3);
  // "__slow__": busy for that many ms (CPU, as a costly grading), then graded for real without it.
  if ("__slow__" in answers) {
    const until = Date.now() + Number(answers.__slow__);
    while (Date.now() < until);
    const { __slow__, ...rest } = answers;
    return runInWorker({ ...task, answers: rest });
  }
  return runInWorker(task);
}
