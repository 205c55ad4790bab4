import { expect, test } from "@playwright/test";
import { addDemoStudent } from "./support/demo-db";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { startAppServer, stopAppServer, waitForHealth } from "../harness/app-server";
import { E2E_BASE_URL, E2E_DATABASE_FILE, E2E_PORT } from "./support/server-settings";

// Issue 18: the lock-out used to read the failure count before bcrypt and
// write it after, so guesses sent in parallel all passed the check. Here 40
// wrong passwords go to next-auth's own endpoint at once, over real HTTP:
// to the test server, and to two `next start` processes sharing its
// database (as docs/operations.md, "Running several instances", deploys the app), where
// the old check let through every guess that reached one process before the
// other's failures were written.

/** Wrong passwords an address may try before it is locked (FREE_FAILURES in lib/rate-limit/sign-in-lockout.ts). */
const FREE_FAILURES = 5;
const PARALLEL_GUESSES = 40;

type Outcome = "signed in" | "wrong password" | "locked" | string;

/** A client of next-auth's sign-in endpoint: its CSRF token and the cookie that goes with it. */
interface SignInClient {
  baseURL: string;
  csrfToken: string;
  cookie: string;
}

async function newSignInClient(baseURL: string): Promise<SignInClient> {
  const response = await fetch(`${baseURL}/api/auth/csrf`);
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");
  return { baseURL, csrfToken, cookie };
}

/**
 * One sign-in as next-auth's own client sends it (form fields, the CSRF
 * token, json=true), and what came of it. Node's fetch opens a connection
 * per request in flight, so the 40 really are in flight together.
 */
async function postCredentials({ baseURL, csrfToken, cookie }: SignInClient, email: string, password: string): Promise<Outcome> {
  const response = await fetch(`${baseURL}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie },
    body: new URLSearchParams({ csrfToken, email, password, callbackUrl: "/", json: "true" }),
    redirect: "manual",
  });
  if (response.headers.getSetCookie().some((c) => /^next-auth\.session-token=[^;]/.test(c))) return "signed in";
  const location = response.headers.get("location") ?? ((await response.json()) as { url: string }).url;
  const error = new URL(location, baseURL).searchParams.get("error") ?? "";
  if (error === "CredentialsSignin") return "wrong password";
  if (/^Too many failed sign-ins for this address: try again in \d+ minutes?\.$/.test(error)) return "locked";
  return `${response.status} ${location}`;
}

/**
 * Sends 40 wrong passwords at once and, as soon as one is refused by the lock
 * (or, where none ever is, once all are answered), the right one, while the
 * others are still in flight. Returns what each came to.
 */
async function raceTheLock(baseURL: string): Promise<{ guesses: Outcome[]; rightPassword: Outcome }> {
  const student = await addDemoStudent("race");
  const client = await newSignInClient(baseURL);
  let lockReached!: () => void;
  const locked = new Promise<void>((resolve) => (lockReached = resolve));
  const guesses = Array.from({ length: PARALLEL_GUESSES }, async (_, i) => {
    const outcome = await postCredentials(client, student.email, `wrong-guess-${i}`);
    if (outcome === "locked") lockReached();
    return outcome;
  });
  const rightPassword = Promise.race([locked, Promise.all(guesses)]).then(() => postCredentials(client, student.email, student.password));
  return { guesses: await Promise.all(guesses), rightPassword: await rightPassword };
}

function expectOnlyFreeAttemptsCompared({ guesses, rightPassword }: { guesses: Outcome[]; rightPassword: Outcome }) {
  expect(guesses.filter((outcome) => outcome !== "wrong password" && outcome !== "locked")).toEqual([]);
  expect(guesses.filter((outcome) => outcome === "wrong password")).toHaveLength(FREE_FAILURES);
  expect(guesses.filter((outcome) => outcome === "locked")).toHaveLength(PARALLEL_GUESSES - FREE_FAILURES);
  expect(rightPassword).toBe("locked");
}

test("40 parallel wrong passwords: five are compared, and the right one sent once the lock is reached is refused", async () => {
  expectOnlyFreeAttemptsCompared(await raceTheLock(E2E_BASE_URL));
});

test.describe("on two app processes sharing one database", () => {
  const PORT = E2E_PORT + 47;
  let cluster: ChildProcess | undefined;

  test.beforeAll(async () => {
    test.setTimeout(120_000);
    cluster = startAppServer({ target: { provider: "sqlite", url: `file:${path.resolve(E2E_DATABASE_FILE)}` }, port: PORT, instances: 2 });
    await waitForHealth(PORT, 100_000);
  });

  test.afterAll(() => stopAppServer(cluster));

  test("40 parallel wrong passwords spread over both: five are compared, and the right one once locked is refused", async () => {
    expectOnlyFreeAttemptsCompared(await raceTheLock(`http://127.0.0.1:${PORT}`));
  });
});
