// Runs once when a server process starts: refuse to serve with a broken
// configuration (such as a production server without NEXTAUTH_SECRET) rather
// than fail on the first request, and start the grading pool. Next only logs an error thrown here and
// keeps serving, so the process exits itself.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv, ServerEnvError } = await import("./lib/env");
  try {
    serverEnv();
  } catch (error) {
    if (!(error instanceof ServerEnvError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  // LTI in use (platforms registered) without its key secret: the same kind of configuration error.
  const { ltiStartupProblem } = await import("./lib/lti/key-secret");
  const { getDb } = await import("./lib/db/client");
  const ltiProblem = await ltiStartupProblem(() => getDb().ltiPlatform.count());
  if (ltiProblem) {
    console.error(ltiProblem);
    process.exit(1);
  }
  // Send the LMS scores waiting in the outbox, and those enqueued from now on (lib/lti/ags).
  const { startScoreSender } = await import("./lib/lti/ags/score-sender-loop");
  startScoreSender(getDb);
  // Start the grading threads now, so that the first student after a start
  // does not wait for them to load the grader (0.3 to 1 s here).
  const { startGradingPool } = await import("./lib/grading/grade-off-thread");
  startGradingPool();
}
