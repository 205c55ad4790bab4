/**
 * A production server of the app for benchmarks, fault-injection runs and
 * the browser tests that need a server of their own:
 * a fresh database seeded with the demo course and N enrolled students with
 * minted sessions, `next start` (one process, or several through
 * scripts/serve/cluster.mjs) on it, and the check that the database holds
 * exactly the submissions that were answered 2xx.
 *
 * Sessions are minted with next-auth's own JWT encoder and the server's
 * secret, as a sign-in would set them, so bcrypt's deliberate slowness is
 * not what is measured.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { onExit } from "./exit-cleanup";
import { encode } from "next-auth/jwt";
import { createDb, type Db } from "../../lib/db/client";
import type { DatabaseTarget } from "../../lib/db/provider";
import { seedDemo, DEMO_COURSE_SLUG } from "../../lib/seed/seed-demo";
import { prismaCli } from "./test-database";

export const ROOT = path.resolve(__dirname, "..", "..");
export const SERVER_SECRET = "load-benchmark-secret-0123456789abcdefghijklmnop";

export interface LoadStudent {
  id: string;
  cookie: string;
}

export interface LoadCourse {
  db: Db;
  assessmentId: string;
  students: LoadStudent[];
}

/** Migrates `target`, seeds the demo course and enrols `studentCount` students with sessions. */
export async function prepareLoadCourse(target: DatabaseTarget, studentCount: number): Promise<LoadCourse> {
  await prismaCli(target, ["migrate", "deploy"]);
  const db = createDb(target);
  await seedDemo(db);
  const course = await db.course.findUniqueOrThrow({ where: { slug: DEMO_COURSE_SLUG }, include: { assessments: true } });
  const assessment = course.assessments[0];
  // Every request is a new attempt: no limit, so that a 409 never hides a lost write.
  await db.assessment.update({ where: { id: assessment.id }, data: { attemptLimit: null } });
  const students: LoadStudent[] = [];
  for (let i = 0; i < studentCount; i++) {
    const user = await db.user.create({
      data: { email: `load-${i}-${randomUUID()}@chainrule.test`, name: `Load ${i}`, passwordHash: "x" },
    });
    await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role: "STUDENT" } });
    const token = await encode({
      secret: SERVER_SECRET,
      token: {
        sub: user.id,
        userId: user.id,
        email: user.email,
        name: user.name,
        memberships: [{ courseId: course.id, role: "STUDENT" }],
        membershipsReadAt: Date.now(),
      },
    });
    students.push({ id: user.id, cookie: `next-auth.session-token=${token}` });
  }
  return { db, assessmentId: assessment.id, students };
}

export interface AppServerOptions {
  target: DatabaseTarget;
  port: number;
  /** `next start` processes sharing the port (scripts/serve/cluster.mjs); 1 runs `next start` itself. */
  instances?: number;
  env?: Record<string, string>;
}

export function startAppServer({ target, port, instances = 1, env = {} }: AppServerOptions): ChildProcess {
  // LOAD_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server process(es).
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const command =
    instances > 1
      ? [
          ...nodeArgs,
          path.join(ROOT, "scripts", "serve", "cluster.mjs"),
          "--instances",
          String(instances),
          "-p",
          String(port),
          "-H",
          "127.0.0.1",
        ]
      : [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"];
  const server = spawn(process.execPath, command, {
    cwd: ROOT,
    detached: true,
    stdio: process.env.LOAD_SERVER_LOG ? "inherit" : "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_PROVIDER: target.provider,
      DATABASE_URL: target.url,
      NEXTAUTH_SECRET: SERVER_SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      // A production server refuses to start without it once an LMS platform is registered
      // (lib/lti/key-secret.ts), and the browser tests' database has some.
      CHAINRULE_LTI_KEY_SECRET: "harness-only-lti-key-secret-0123456789abcdefgh",
      // Each student here submits far faster than a person could: the per-student limit is
      // still checked on every request (its cost is measured) but set so that it never trips.
      CHAINRULE_SUBMISSIONS_PER_MINUTE: "1000000",
      ...env,
    },
  });
  // Its own process group (detached), so a Ctrl-C reaches only us: stop it however we end (test/harness/exit-cleanup.ts).
  const forget = onExit(() => {
    if (server.pid && !hasExited(server)) process.kill(-server.pid, "SIGKILL");
  });
  server.once("exit", forget);
  return server;
}

/** Whether the process has exited, by itself or by a signal (a killed one has a signalCode and no exitCode). */
export function hasExited(server: ChildProcess): boolean {
  return server.exitCode !== null || server.signalCode !== null;
}

function exitOf(server: ChildProcess): Promise<void> {
  return hasExited(server) ? Promise.resolve() : new Promise((resolve) => server.once("exit", () => resolve()));
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Sends `signal` to the server's whole process group (`next start` serves
 * from a child process of its own). ESRCH, no process left in the group, is
 * taken only from a server that has exited (Node may reap it a moment after
 * the kernel did); from one still running it is an error. Returns whether
 * the signal was delivered.
 */
async function signalProcessGroup(server: ChildProcess, signal: NodeJS.Signals): Promise<boolean> {
  try {
    process.kill(-server.pid!, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
    await Promise.race([exitOf(server), pause(5_000)]);
    if (!hasExited(server)) throw new Error(`no process group ${server.pid} (ESRCH), yet the server it leads has not exited`);
    return false;
  }
}

/** Waits until no process of the group is left (the leader's children included), or throws after `timeoutMs`. */
async function processGroupGone(pgid: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      process.kill(-pgid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ESRCH") return;
      throw error;
    }
    if (Date.now() > deadline) throw new Error(`process group ${pgid} is still running ${timeoutMs / 1000} s after it was stopped`);
    await pause(50);
  }
}

/** Stops a server started by startAppServer (its whole process group): SIGINT, then SIGKILL if it is still running after 10 s. */
export async function stopAppServer(server: ChildProcess | undefined): Promise<void> {
  if (!server?.pid || hasExited(server)) return;
  if (!(await signalProcessGroup(server, "SIGINT"))) return;
  await Promise.race([exitOf(server), pause(10_000)]);
  if (!hasExited(server)) await killAppServer(server);
}

/**
 * Kills the server's whole process group at once, with no shutdown (a
 * crash), and waits until none of its processes is left. "already exited"
 * when it had exited before (ESRCH from a server that really has).
 */
export async function killAppServer(server: ChildProcess): Promise<"killed" | "already exited"> {
  const wasRunning = !hasExited(server);
  // Sent even to an exited leader: a child it left behind is still in the group.
  const delivered = await signalProcessGroup(server, "SIGKILL");
  await exitOf(server);
  await processGroupGone(server.pid!);
  return wasRunning && delivered ? "killed" : "already exited";
}

export async function waitForHealth(port: number, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the server on port ${port} did not become healthy in ${timeoutMs / 1000} s`);
}

/** Each Idempotency-Key sent, with the status its response had (undefined: no response). */
export type SentKeys = Map<string, number | undefined>;

export interface Integrity {
  answered2xx: number;
  stored: number;
  /** A 2xx whose submission is not in the database. Must be 0. */
  lost: number;
  /** Stored rows for keys never sent, or a key stored twice (the unique index forbids it). Must be 0. */
  doubledOrUnknown: number;
  /** Sent without a response (in flight when a stage ended, or failed): stored or not, never counted as answered. */
  unansweredStored: number;
}

/** Compares the keys answered 2xx with the submissions the database holds. */
export async function checkIntegrity(db: Db, sent: SentKeys): Promise<Integrity> {
  const storedKeys = new Set(
    (await db.submission.findMany({ where: { idempotencyKey: { not: null } }, select: { idempotencyKey: true } })).map(
      (row) => row.idempotencyKey!,
    ),
  );
  const answered2xx = [...sent].filter(([, status]) => status !== undefined && status >= 200 && status < 300).map(([key]) => key);
  return {
    answered2xx: answered2xx.length,
    stored: storedKeys.size,
    lost: answered2xx.filter((key) => !storedKeys.has(key)).length,
    doubledOrUnknown: [...storedKeys].filter((key) => !sent.has(key)).length,
    unansweredStored: [...sent].filter(([key, status]) => (status === undefined || status >= 300) && storedKeys.has(key)).length,
  };
}
