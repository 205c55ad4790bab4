// Runs once when a server process starts: refuse to serve with a broken
// configuration (such as a production server without NEXTAUTH_SECRET) rather
// than fail on the first request.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { serverEnv } = await import("./lib/env");
  serverEnv();
}
