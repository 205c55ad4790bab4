import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import type { DatabaseTarget } from "../../../lib/db/provider";
import { freePort } from "../../support/free-port";

// A second server for tests that need settings of their own (the browser
// tests' main server is shared by every spec, so its environment cannot
// change per spec). Same production build (NEXT_DIST_DIR) and the same start
// script as the main one, on a free port with a fresh database of its own.

const ROOT = path.join(__dirname, "..", "..", "..");
/** How long a stopped server may take to exit by itself. */
const STOP_GRACE_MS = 10_000;

export interface ExtraServer {
  baseURL: string;
  /** Its SQLite database (test/e2e/support/e2e-server.mjs makes one per port), for demo-db.ts's readValue and demoIds. */
  database: DatabaseTarget;
  stop(): Promise<void>;
}

async function waitForHealth(baseURL: string, exited: () => string | null, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const exit = exited();
    if (exit !== null) throw new Error(`The extra test server stopped before it was ready (${exit}).`);
    try {
      if ((await fetch(`${baseURL}/api/health`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The extra test server did not answer ${baseURL}/api/health within ${timeoutMs / 1000} s.`);
}

/** Starts the production build with extra environment variables; the build must exist (the main server made it). */
export async function startExtraServer(env: Record<string, string>): Promise<ExtraServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const dataDir = path.join(ROOT, ".tmp", `e2e-${port}`);
  // In a process group of its own, so that stopping it stops next-server too.
  const child = spawn(process.execPath, [path.join(__dirname, "e2e-server.mjs")], {
    cwd: ROOT,
    env: { ...process.env, ...env, E2E_PORT: String(port), E2E_SKIP_BUILD: "1" },
    detached: true,
    stdio: ["ignore", "ignore", "inherit"],
  });
  let exit: string | null = null;
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code, signal) => {
      exit = `code ${code}, signal ${signal}`;
      resolve();
    }),
  );
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // Already gone.
    }
  };
  const stop = async () => {
    if (exit === null) {
      signal("SIGTERM");
      // `next start` waits for its open connections to end before it exits. Once, in CI, that outlasted a hook's 30 s
      // (the cause was not found), so a server still there after the grace period is killed.
      const drained = await Promise.race([exited.then(() => true), delay(STOP_GRACE_MS).then(() => false)]);
      if (!drained) signal("SIGKILL");
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitForHealth(baseURL, () => exit, 120_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseURL, database: { provider: "sqlite", url: `file:${path.join(dataDir, "chainrule.db")}` }, stop };
}
