import "server-only";
import { adoptLocalSiteUrl, serverEnv, ServerEnvError } from "@/lib/env";

/**
 * What a server process does once, before it answers anyone (called from
 * instrumentation.ts, in the Node.js runtime only): refuse to serve with a
 * broken configuration rather than fail on the first request, then start the
 * background work. Next only logs an error thrown here and keeps serving, so
 * the process exits itself. The rest is imported only once the settings are
 * known to be good, so that their message is the one printed.
 */
export async function startServer(): Promise<void> {
  // Before anything reads NEXTAUTH_URL (next-auth, the settings below): an unset one follows the port served on.
  adoptLocalSiteUrl(process.env);
  try {
    serverEnv();
  } catch (error) {
    if (!(error instanceof ServerEnvError)) throw error;
    exitWith(error.message);
  }
  // LTI in use (platforms registered) without its key secret: the same kind of configuration error.
  const { ltiStartupProblem } = await import("@/lib/lti/key-secret");
  const { getDb } = await import("@/lib/db/client");
  const ltiProblem = await ltiStartupProblem(() => getDb().ltiPlatform.count());
  if (ltiProblem) exitWith(ltiProblem);
  // Send the LMS scores waiting in the outbox, and those enqueued from now on (lib/lti/ags).
  const { startScoreSender } = await import("@/lib/lti/ags/score-sender-loop");
  startScoreSender(getDb);
  // Start the grading threads now, so that the first student after a start
  // does not wait for them to load the grader (0.3 to 1 s here).
  const { startGradingPool } = await import("@/lib/grading/grade-off-thread");
  startGradingPool();
}

function exitWith(message: string): never {
  console.error(message);
  process.exit(1);
}
