import { expect, test } from "@playwright/test";
import { spawn } from "node:child_process";
import path from "node:path";

// Uses the production build the browser tests' server made (test/e2e/support/e2e-server.mjs).
const ROOT = path.join(__dirname, "..", "..");

function startServer(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start", "-p", "3299", "-H", "127.0.0.1"], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: "production", ...env },
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

test("a production server without NEXTAUTH_SECRET refuses to start and says why", async () => {
  // An empty variable wins over .env, which dotenv never overrides.
  const { code, output } = await startServer({ NEXTAUTH_SECRET: "" });
  expect(code).toBe(1);
  expect(output).toContain("NEXTAUTH_SECRET must be set");
});
