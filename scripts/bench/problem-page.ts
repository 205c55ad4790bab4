/**
 * The student's problem page, unloaded, per request:
 * `npx tsx --conditions=react-server scripts/bench/problem-page.ts [--dist .next-a,.next-b] [--slug nn-backprop] [--students 1]
 * [--runs 300] [--warmup 30] [--history 3] [--port 3262]`
 *
 * On a fresh SQLite database with the demo course and `--students` students
 * with minted sessions (test/harness/app-server.ts), starts `next start` from
 * each build folder that `--dist` lists (default: NEXT_DIST_DIR or .next) in
 * turn, so that two builds of the page (before and after a change) are
 * compared in one run on the same data. Each student first submits
 * `--history` answers through the API, so that the page shows a history as
 * it does during a deadline rush, and opens the page once. Then `--runs`
 * sequential loads of the page, the students in turn, after `--warmup`
 * untimed ones; prints JSON per build: the page's time
 * (request to last byte) p50/p90, and the server's CPU time per page, read
 * from /proc/<pid>/stat (user + system) of every process in the server's
 * process group before and after the timed loads. Run after `npx next build`.
 */
import { randomUUID } from "node:crypto";
import { createEmptyTarget } from "../../test/harness/test-database";
import { prepareLoadCourse, startAppServer, stopAppServer, waitForHealth } from "../../test/harness/app-server";
import { serverCpuMs } from "../../test/harness/process-cpu";
import { listArgument, numericArgument, textArgument } from "../../test/harness/arguments";
import { quantile, roundMs } from "./timing";

const port = numericArgument("--port", 3262);
const runs = numericArgument("--runs", 300);
const warmup = numericArgument("--warmup", 30);
const historyCount = numericArgument("--history", 3);
/** Pages are loaded for these many students in turn: 1 always hits the server's caches of rendered texts, many show their misses. */
const studentCount = numericArgument("--students", 1);
const slug = textArgument("--slug", "nn-backprop");
const distDirs = listArgument("--dist", process.env.NEXT_DIST_DIR ?? ".next");
/** nn-backprop answers as load.ts sends them (one right, some wrong); other problems' history is of empty submissions. */
const ANSWERS: Record<string, Record<string, string>> = {
  "nn-backprop": { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "a.y": "W1 @ z + b1", "b.db1": "1" },
};

async function loadPage(url: string, cookie: string): Promise<{ ms: number; bytes: number }> {
  const started = performance.now();
  const response = await fetch(url, { headers: { cookie } });
  const body = await response.text();
  if (!response.ok) throw new Error(`${url} answered ${response.status}`);
  return { ms: performance.now() - started, bytes: Buffer.byteLength(body) };
}

async function main() {
  const { target, drop } = await createEmptyTarget("sqlite");
  const { db, assessmentId, students } = await prepareLoadCourse(target, studentCount);
  const cookies = students.map((student) => student.cookie);
  await db.$disconnect();
  const base = `http://127.0.0.1:${port}`;
  const pageUrl = `${base}/assessments/${assessmentId}/problems/${slug}`;
  const results = [];
  try {
    for (const [index, distDir] of distDirs.entries()) {
      const server = startAppServer({ target, port, env: { NEXT_DIST_DIR: distDir } });
      try {
        await waitForHealth(port);
        if (index === 0) {
          for (const cookie of cookies) {
            for (let i = 0; i < historyCount; i++) {
              const response = await fetch(`${base}/api/problems/${slug}/submissions?assessmentId=${assessmentId}`, {
                method: "POST",
                headers: { cookie, "content-type": "application/json", "idempotency-key": randomUUID() },
                body: JSON.stringify({ answers: ANSWERS[slug] ?? {} }),
              });
              if (!response.ok) throw new Error(`submitting answered ${response.status}: ${await response.text()}`);
            }
          }
        }
        // Every student's page once (drawing and building their variants), then the warm-up.
        let bytes = 0;
        for (const cookie of cookies) await loadPage(pageUrl, cookie);
        for (let i = 0; i < warmup; i++) await loadPage(pageUrl, cookies[i % cookies.length]);
        const cpuBefore = serverCpuMs(server);
        const times: number[] = [];
        for (let i = 0; i < runs; i++) {
          const page = await loadPage(pageUrl, cookies[i % cookies.length]);
          times.push(page.ms);
          bytes = page.bytes;
        }
        const cpuMs = serverCpuMs(server) - cpuBefore;
        times.sort((a, b) => a - b);
        results.push({
          distDir,
          runs,
          htmlBytes: bytes,
          pageMs: { p50: roundMs(quantile(times, 0.5), 1), p90: roundMs(quantile(times, 0.9), 1) },
          serverCpuMsPerPage: roundMs(cpuMs / runs, 1),
        });
      } finally {
        await stopAppServer(server);
      }
    }
  } finally {
    await drop();
  }
  console.log(
    JSON.stringify({ page: `/assessments/:id/problems/${slug}`, students: studentCount, history: historyCount, results }, null, 2),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
