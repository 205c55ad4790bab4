import { spawn } from "node:child_process";
import path from "node:path";

// A production server that a test expects to refuse to start (a setting is
// missing or wrong): the build the browser tests' server made
// (test/e2e/support/e2e-server.mjs), started with `next start` and watched
// until it exits, its output kept for the reason it gives.

const ROOT = path.join(__dirname, "..", "..", "..");

/** What the server said, and how it ended (null: killed). */
export interface RefusedStart {
  code: number | null;
  output: string;
}

/** Starts the production build on `port` with `env` over this process's environment; resolves when it exits, killing it after 20 s. */
export function startExpectingRefusal(port: number, env: Record<string, string>): Promise<RefusedStart> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", String(port), "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", ...env },
      // Its own process group, so that the kill below reaches next start's child server too.
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    // A server that keeps running past this is the failure under test: stop it.
    const timer = setTimeout(() => process.kill(-child.pid!, "SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}
