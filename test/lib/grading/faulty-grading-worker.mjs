// The real grading worker (lib/grading/grading-worker.mjs), plus two ways to
// misbehave on request, so that the tests can make a real thread hang or die
// and see what the pool does: answers with a part "__hang__" spin forever,
// a part "__crash__" ends the thread. Everything else is graded for real.
import gradeInWorker from "../../../lib/grading/grading-worker.mjs";

export default function gradeOrMisbehave(request) {
  if ("__hang__" in request.answers) for (;;);
  if ("__crash__" in request.answers) process.exit(3);
  return gradeInWorker(request);
}
