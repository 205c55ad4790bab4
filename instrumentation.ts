// Runs once when a server process starts: refuse to serve with a broken
// configuration (such as a production server without NEXTAUTH_SECRET) rather
// than fail on the first request. Next only logs an error thrown here and
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
}
