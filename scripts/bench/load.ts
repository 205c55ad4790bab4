/**
 * The deadline rush, over real HTTP against the production build:
 * `npx tsx --conditions=react-server scripts/bench/load.ts [--stages 10,50,100,250,500] [--seconds 5] [--students 500]`
 *
 * For SQLite, and for PostgreSQL when TEST_DATABASE_URL_POSTGRES names a
 * server where databases may be created, in the same run: a fresh database
 * seeded with the demo course and `--students` enrolled students, a
 * `next start` on it, then autocannon drives the students submitting
 * nn-backprop answers through POST /api/problems/nn-backprop/submissions
 * (each request its own student in turn, its own Idempotency-Key), one stage
 * per concurrency level. It prints JSON: per stage submissions/s, latency
 * p50/p95/p99 and errors; afterwards the number of stored submissions
 * against the number of 2xx responses (none lost, none doubled); and the
 * problem page's server time, unloaded.
 *
 * Needs a production build (`npx next build`; NEXT_DIST_DIR is honoured).
 * Sessions are minted with next-auth's own JWT encoder and the server's
 * secret, as a sign-in would set them, so bcrypt's deliberate slowness is
 * not what is measured.
 */
import autocannon from "autocannon";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { encode } from "next-auth/jwt";
import { createDb, type Db } from "../../lib/db/client";
import type { DatabaseProvider, DatabaseTarget } from "../../lib/db/provider";
import { seedDemo, DEMO_COURSE_SLUG } from "../../lib/seed/seed-demo";
import { createEmptyTarget, postgresAdminUrl, prismaCli } from "../../test/support/test-database";
import { numericArgument, quantile, roundMs } from "./timing";

const ROOT = path.resolve(__dirname, "..", "..");
const SECRET = "load-benchmark-secret-0123456789abcdefghijklmnop";
const stages = (process.argv.includes("--stages") ? process.argv[process.argv.indexOf("--stages") + 1] : "10,50,100,250,500").split(",").map(Number);
const seconds = numericArgument("--seconds", 5);
const studentCount = numericArgument("--students", 500);
const port = numericArgument("--port", 3290);

/** The right 2.1(d) answer and a few other parts, as a student would send them. */
const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "d.db0": "W1.T * z * (1 - z)", "a.y": "W1 @ z + b1", "b.db1": "1" };

interface Student {
  id: string;
  cookie: string;
}

async function prepare(target: DatabaseTarget): Promise<{ db: Db; assessmentId: string; students: Student[] }> {
  await prismaCli(target, ["migrate", "deploy"]);
  const db = createDb(target);
  await seedDemo(db);
  const course = await db.course.findUniqueOrThrow({ where: { slug: DEMO_COURSE_SLUG }, include: { assessments: true } });
  const assessment = course.assessments[0];
  // Every request is a new attempt: no limit, so that a 409 never hides a lost write.
  await db.assessment.update({ where: { id: assessment.id }, data: { attemptLimit: null } });
  const students: Student[] = [];
  for (let i = 0; i < studentCount; i++) {
    const user = await db.user.create({ data: { email: `load-${i}-${randomUUID()}@chainrule.test`, name: `Load ${i}`, passwordHash: "x" } });
    await db.enrollment.create({ data: { userId: user.id, courseId: course.id, role: "STUDENT" } });
    const token = await encode({
      secret: SECRET,
      token: { sub: user.id, userId: user.id, email: user.email, name: user.name, memberships: [{ courseId: course.id, role: "STUDENT" }], membershipsReadAt: Date.now() },
    });
    students.push({ id: user.id, cookie: `next-auth.session-token=${token}` });
  }
  return { db, assessmentId: assessment.id, students };
}

function startServer(target: DatabaseTarget): ChildProcess {
  // LOAD_SERVER_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") profiles the server process.
  const nodeArgs = (process.env.LOAD_SERVER_NODE_ARGS ?? "").split(" ").filter(Boolean);
  const nextBin = path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
  const server = spawn(process.execPath, [...nodeArgs, nextBin, "start", "-p", String(port), "-H", "127.0.0.1"], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_PROVIDER: target.provider,
      DATABASE_URL: target.url,
      NEXTAUTH_SECRET: SECRET,
      NEXTAUTH_URL: `http://127.0.0.1:${port}`,
      // Each student here submits far faster than a person could: the per-student limit is
      // still checked on every request (its cost is measured) but set so that it never trips.
      CHAINRULE_SUBMISSIONS_PER_MINUTE: "1000000",
    },
  });
  return server;
}

async function waitForHealth(): Promise<void> {
  for (let i = 0; i < 120; i++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/api/health`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error("the server did not become healthy in 60 s");
}

/** Each Idempotency-Key sent, with the status its response had (undefined: no response before the stage ended). */
type SentKeys = Map<string, number | undefined>;

interface StageResult {
  connections: number;
  seconds: number;
  requests: number;
  ok2xx: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  submissionsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
}

async function runStage(assessmentId: string, students: Student[], connections: number, sent: SentKeys): Promise<StageResult> {
  let next = 0;
  const latencies: number[] = [];
  let finish!: (result: autocannon.Result) => void;
  let fail!: (error: unknown) => void;
  const done = new Promise<autocannon.Result>((resolve, reject) => ((finish = resolve), (fail = reject)));
  const instance = autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    timeout: 10,
    requests: [
      {
        method: "POST",
        path: `/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`,
        setupRequest: (request, context) => {
          const student = students[next++ % students.length];
          const key = randomUUID();
          sent.set(key, undefined);
          (context as { key?: string }).key = key;
          return {
            ...request,
            headers: { "content-type": "application/json", cookie: student.cookie, "idempotency-key": key },
            body: JSON.stringify({ answers: ANSWERS }),
          };
        },
        onResponse: (status, _body, context) => {
          sent.set((context as { key: string }).key, status);
        },
      },
    ],
  }, (error, result) => (error ? fail(error) : finish(result)));
  instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  const result = await done;
  latencies.sort((a, b) => a - b);
  return {
    connections,
    seconds,
    requests: result.requests.total,
    ok2xx: result["2xx"],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    submissionsPerSecond: Math.round((result["2xx"] / result.duration) * 10) / 10,
    latencyMs: latencies.length
      ? { p50: roundMs(quantile(latencies, 0.5), 1), p95: roundMs(quantile(latencies, 0.95), 1), p99: roundMs(quantile(latencies, 0.99), 1) }
      : { p50: NaN, p95: NaN, p99: NaN },
  };
}

/** Server time of the problem page for one student, unloaded: median and p90 of 30 requests after 5 warm-ups. */
async function problemPageTime(assessmentId: string, student: Student) {
  const url = `http://127.0.0.1:${port}/assessments/${assessmentId}/problems/nn-backprop`;
  const times: number[] = [];
  for (let i = 0; i < 35; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { cookie: student.cookie } });
    await response.text();
    if (!response.ok) throw new Error(`problem page answered ${response.status}`);
    if (i >= 5) times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { medianMs: roundMs(quantile(times, 0.5), 1), p90Ms: roundMs(quantile(times, 0.9), 1) };
}

async function measure(provider: DatabaseProvider) {
  const { target, drop } = await createEmptyTarget(provider);
  let server: ChildProcess | undefined;
  try {
    const { db, assessmentId, students } = await prepare(target);
    server = startServer(target);
    await waitForHealth();
    const page = await problemPageTime(assessmentId, students[0]);
    const sent: SentKeys = new Map();
    const results: StageResult[] = [];
    for (const connections of stages) results.push(await runStage(assessmentId, students, connections, sent));
    // Requests still in flight when a stage ended may complete after it: let them land before counting.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const storedKeys = new Set(
      (await db.submission.findMany({ where: { idempotencyKey: { not: null } }, select: { idempotencyKey: true } })).map((row) => row.idempotencyKey!),
    );
    const answered2xx = [...sent].filter(([, status]) => status !== undefined && status >= 200 && status < 300).map(([key]) => key);
    const integrity = {
      answered2xx: answered2xx.length,
      stored: storedKeys.size,
      /** A 2xx whose submission is not in the database. Must be 0. */
      lost: answered2xx.filter((key) => !storedKeys.has(key)).length,
      /** Stored rows for keys never sent, or a key stored twice (the unique index forbids it). Must be 0. */
      doubledOrUnknown: [...storedKeys].filter((key) => !sent.has(key)).length,
      /** Sent when a stage ended, without a response: stored or not, never counted as answered. */
      unansweredStored: [...sent].filter(([key, status]) => status === undefined && storedKeys.has(key)).length,
    };
    await db.$disconnect();
    return { provider, students: students.length, problemPage: page, stages: results, integrity };
  } finally {
    if (server?.pid) process.kill(-server.pid, "SIGINT");
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await drop();
  }
}

async function main() {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  if (!existsSync(path.join(ROOT, distDir, "BUILD_ID"))) throw new Error(`no production build in ${distDir}: run \`npx next build\` first`);
  const providers: DatabaseProvider[] = postgresAdminUrl() ? ["sqlite", "postgresql"] : ["sqlite"];
  const results = [];
  for (const provider of providers) results.push(await measure(provider));
  console.log(
    JSON.stringify(
      {
        benchmark: "deadline rush: POST /api/problems/nn-backprop/submissions",
        date: new Date().toISOString(),
        node: process.version,
        postgres: postgresAdminUrl() ? "measured" : "not measured (set TEST_DATABASE_URL_POSTGRES)",
        results,
      },
      null,
      2,
    ),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
