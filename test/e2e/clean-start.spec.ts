import { expect, test } from "@playwright/test";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { stopAppServer } from "../harness/app-server";
import { E2E_PORT } from "./support/server-settings";
import { signIn } from "./support/sign-in";

// Issue 25: a fresh clone's `PORT=3001 npm start` must serve on that port,
// print nothing a newcomer has to wonder about, and show links to that port.
// This is `npm start`: its build (the browser tests' build, whose output
// e2e-server.mjs keeps), the start-up script on a fresh database, then
// `next start` told its port by PORT alone, with no NEXTAUTH_URL (blank here,
// so that a developer's .env cannot set one).

const ROOT = path.join(__dirname, "..", "..");
const PORT = E2E_PORT + 7;
const SITE = `http://localhost:${PORT}`;
const DATA_DIR = path.join(ROOT, ".tmp", `clean-start-${PORT}`);
/** `next build`'s output, as e2e-server.mjs kept it from the build these tests run on. */
const BUILD_OUTPUT_FILE = path.join(ROOT, ".tmp", "next-build-output.txt");
const ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NODE_ENV: "production",
  NEXT_TELEMETRY_DISABLED: "1",
  PORT: String(PORT),
  NEXTAUTH_URL: "",
  NEXTAUTH_SECRET: "e2e-only-secret-0123456789abcdefghijklmnopqrstuv",
  CHAINRULE_LTI_KEY_SECRET: "e2e-only-lti-key-secret-0123456789abcdefghijkl",
  DATABASE_PROVIDER: "sqlite",
  DATABASE_URL: `file:${path.join(DATA_DIR, "chainrule.db")}`,
  CHAINRULE_SEED_DEMO: "true",
};

/**
 * Lines a newcomer would stop at. Allowed: none. A line that must be allowed
 * one day goes into ALLOWED with the reason it is harmless.
 */
const WORRYING = /warn|error|deprecat|will not be used/i;
const ALLOWED: RegExp[] = [];

function worryingLines(output: string): string[] {
  return output.split("\n").filter((line) => WORRYING.test(line) && !ALLOWED.some((allowed) => allowed.test(line)));
}

let server: ChildProcess | undefined;
let serverOutput = "";
let startOutput = "";

test.describe.serial("a clean start with PORT set", () => {
  // This spec's own server, by the name its links should carry.
  test.use({ baseURL: SITE });

  test.beforeAll(async () => {
    test.setTimeout(240_000);
    rmSync(DATA_DIR, { recursive: true, force: true });
    const prepare = spawnSync(process.execPath, [path.join("scripts", "db", "prepare.mjs")], { cwd: ROOT, env: ENV, encoding: "utf8" });
    startOutput = `${prepare.stdout}${prepare.stderr}`;
    expect(prepare.status, startOutput).toBe(0);
    server = spawn(path.join(ROOT, "node_modules", ".bin", "next"), ["start"], { cwd: ROOT, env: ENV, detached: true });
    server.stdout!.on("data", (chunk) => (serverOutput += chunk));
    server.stderr!.on("data", (chunk) => (serverOutput += chunk));
    await expect
      .poll(async () => (await fetch(`${SITE}/api/health`).catch(() => null))?.status, { timeout: 120_000, intervals: [500] })
      .toBe(200);
  });

  test.afterAll(async () => {
    await stopAppServer(server);
    rmSync(DATA_DIR, { recursive: true, force: true });
  });

  test("the production build prints no warning", () => {
    const buildOutput = readFileSync(BUILD_OUTPUT_FILE, "utf8");
    expect(buildOutput).toContain("Compiled successfully");
    expect(worryingLines(buildOutput)).toEqual([]);
  });

  test("serves on PORT and prints its address there, with no warning from the database set-up or the server", () => {
    expect(serverOutput).toContain(`http://localhost:${PORT}`);
    expect(worryingLines(startOutput)).toEqual([]);
    expect(worryingLines(serverOutput)).toEqual([]);
  });

  test("the roster's invite link, sign-in and the LTI values all point at PORT", async ({ page }) => {
    // The way a newcomer makes themselves the site's admin (docs/lti.md), which opens /author/lti.
    const grant = spawnSync(
      path.join(ROOT, "node_modules", ".bin", "tsx"),
      ["--conditions=react-server", path.join("scripts", "admin", "grant.ts"), "grant", "admin", "instructor@chainrule.test"],
      { cwd: ROOT, env: ENV, encoding: "utf8" },
    );
    expect(grant.stdout + grant.stderr).toContain("Granted admin to instructor@chainrule.test.");

    // A fresh server's first pages and a bcrypt sign-in, on shared machines: give them time.
    test.setTimeout(180_000);
    await signIn(page, "instructor@chainrule.test", "demo-instructor-pass");
    // next-auth sends the signed-in instructor on from its own address (NEXTAUTH_URL), which must be this port's.
    await expect(page).toHaveURL(new RegExp(`^${SITE}/author`), { timeout: 60_000 });

    await page.getByRole("link", { name: "Roster and invite link" }).first().click();
    // An invite code is 12 random bytes in base64url: 16 characters, "-" and "_" among them.
    await expect(page.getByTestId("invite-link")).toHaveText(new RegExp(`^${SITE}/signup\\?invite=[\\w-]{16}$`));

    await page.goto(`${SITE}/author/lti`);
    await expect(page.getByTestId("tool-login-url")).toHaveText(`${SITE}/api/lti/login`);
    await expect(page.getByTestId("tool-jwks-url")).toHaveText(`${SITE}/api/lti/jwks`);
    expect(worryingLines(serverOutput)).toEqual([]);
  });
});
