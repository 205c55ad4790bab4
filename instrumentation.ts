// Runs once when a server process starts (lib/server-start.ts says what it
// does). Next compiles this file for the Edge runtime as well, so the
// Node-only work is imported only when NEXT_RUNTIME is "nodejs": the Edge
// build then never sees process.exit, the database or worker threads, and
// stays free of its "Node.js API … not supported" warnings.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startServer } = await import("./lib/server-start");
    await startServer();
  }
}
