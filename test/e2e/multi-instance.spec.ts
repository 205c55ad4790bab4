import { expect, test, type APIRequestContext } from "@playwright/test";
import { randomUUID } from "node:crypto";
import type { ChildProcess } from "node:child_process";
import { createEmptyTarget, postgresAdminUrl, POSTGRES_ENV } from "../harness/test-database";
import { prepareLoadCourse, startAppServer, stopAppServer, waitForHealth, type LoadCourse } from "../harness/app-server";
import { E2E_PORT } from "./support/server-settings";

// Several stateless `next start` processes on one PostgreSQL, as
// docs/operations.md, "Running several instances", describes: two separate processes on their own
// ports (as behind a load balancer) and a cluster of two on one port
// (scripts/serve/cluster.mjs). A student's requests may land on any of them;
// sessions, idempotency, attempt limits and rate limits must hold across
// them, because none of that lives in a process's memory.

const PORT_A = E2E_PORT + 41;
const PORT_B = E2E_PORT + 42;
const PORT_CLUSTER = E2E_PORT + 43;
const PER_MINUTE = 6;
const ANSWERS = { "d.dW0": "(W1.T * z * (1 - z)) @ x.T", "b.db1": "1" };

test.describe.configure({ mode: "serial" });
test.skip(!postgresAdminUrl(), `set ${POSTGRES_ENV} to run the several-instances tests on PostgreSQL`);

let course: LoadCourse;
let drop: () => Promise<void>;
const servers: ChildProcess[] = [];

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const created = await createEmptyTarget("postgresql");
  drop = created.drop;
  course = await prepareLoadCourse(created.target, 5);
  const env = { CHAINRULE_SUBMISSIONS_PER_MINUTE: String(PER_MINUTE) };
  servers.push(startAppServer({ target: created.target, port: PORT_A, env }));
  servers.push(startAppServer({ target: created.target, port: PORT_B, env }));
  servers.push(startAppServer({ target: created.target, port: PORT_CLUSTER, instances: 2, env }));
  await Promise.all([waitForHealth(PORT_A, 120_000), waitForHealth(PORT_B, 120_000), waitForHealth(PORT_CLUSTER, 120_000)]);
});

test.afterAll(async () => {
  await Promise.all(servers.map((server) => stopAppServer(server)));
  await course?.db.$disconnect();
  await drop?.();
});

function submit(request: APIRequestContext, port: number, student: { cookie: string }, key: string) {
  return request.post(`http://127.0.0.1:${port}/api/problems/nn-backprop/submissions?assessmentId=${course.assessmentId}`, {
    headers: { cookie: student.cookie, "idempotency-key": key, "content-type": "application/json" },
    data: Buffer.from(JSON.stringify({ answers: ANSWERS })),
  });
}

test("one session works on every instance, and a retry on another instance returns the first result", async ({ request }) => {
  const student = course.students[0];
  const key = randomUUID();
  const first = await submit(request, PORT_A, student, key);
  expect(first.status()).toBe(201);
  const retried = await submit(request, PORT_B, student, key);
  expect(retried.status()).toBe(200);
  const [a, b] = [await first.json(), await retried.json()];
  expect(b).toMatchObject({ submissionId: a.submissionId, attempt: a.attempt, replayed: true });
  expect(await course.db.submission.count({ where: { idempotencyKey: key } })).toBe(1);

  const page = await request.get(`http://127.0.0.1:${PORT_CLUSTER}/assessments/${course.assessmentId}/problems/nn-backprop`, {
    headers: { cookie: student.cookie },
  });
  expect(page.status()).toBe(200);
});

test("the attempt limit holds for parallel submissions spread over all instances", async ({ request }) => {
  const student = course.students[1];
  await course.db.assessment.update({ where: { id: course.assessmentId }, data: { attemptLimit: 3 } });
  try {
    const ports = [PORT_A, PORT_B, PORT_CLUSTER, PORT_CLUSTER];
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => submit(request, ports[i % ports.length], student, randomUUID())),
    );
    const statuses = responses.map((r) => r.status()).sort();
    expect(statuses).toEqual([201, 201, 201, 409, 409, 409]);
    const attempts = (await course.db.submission.findMany({ where: { userId: student.id }, select: { attempt: true } }))
      .map((s) => s.attempt)
      .sort();
    expect(attempts).toEqual([1, 2, 3]);
  } finally {
    await course.db.assessment.update({ where: { id: course.assessmentId }, data: { attemptLimit: null } });
  }
});

test("the per-student rate limit is one count across instances", async ({ request }) => {
  const student = course.students[2];
  const ports = [PORT_A, PORT_B, PORT_CLUSTER];
  const statuses: number[] = [];
  for (let i = 0; i < PER_MINUTE + 2; i++) statuses.push((await submit(request, ports[i % ports.length], student, randomUUID())).status());
  expect(statuses.slice(0, PER_MINUTE)).toEqual(Array(PER_MINUTE).fill(201));
  expect(statuses.slice(PER_MINUTE)).toEqual([429, 429]);
  expect(await course.db.submission.count({ where: { userId: student.id } })).toBe(PER_MINUTE);
});

test("a role change made through one instance applies on the others at once", async ({ request }) => {
  const student = course.students[3];
  const url = (port: number) => `http://127.0.0.1:${port}/api/problems/nn-backprop/submissions?assessmentId=${course.assessmentId}`;
  expect((await request.get(url(PORT_B), { headers: { cookie: student.cookie } })).status()).toBe(200);
  // Removed from the course (as the roster page does): the session token still names the course, the database does not.
  await course.db.enrollment.deleteMany({ where: { userId: student.id } });
  for (const port of [PORT_A, PORT_B, PORT_CLUSTER]) {
    expect((await request.get(url(port), { headers: { cookie: student.cookie } })).status()).toBe(404);
  }
});

test("signing out through one instance ends the session on every instance", async ({ request }) => {
  const student = course.students[4];
  const variant = (port: number) => `http://127.0.0.1:${port}/api/problems/nn-backprop/variant?assessmentId=${course.assessmentId}`;
  for (const port of [PORT_A, PORT_B, PORT_CLUSTER])
    expect((await request.get(variant(port), { headers: { cookie: student.cookie } })).status()).toBe(200);
  // Sign out as the browser does: next-auth's CSRF token, then POST /api/auth/signout, on instance A.
  const csrf = await request.get(`http://127.0.0.1:${PORT_A}/api/auth/csrf`, { headers: { cookie: student.cookie } });
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookie = csrf
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.startsWith("next-auth.csrf-token="))!
    .value.split(";")[0];
  const signOut = await request.post(`http://127.0.0.1:${PORT_A}/api/auth/signout`, {
    headers: { cookie: `${student.cookie}; ${csrfCookie}` },
    form: { csrfToken, callbackUrl: "/signin", json: "true" },
    maxRedirects: 0,
  });
  expect(signOut.status()).toBeLessThan(400);
  expect((await course.db.user.findUniqueOrThrow({ where: { id: student.id } })).sessionVersion).toBe(1);
  for (const port of [PORT_A, PORT_B, PORT_CLUSTER]) {
    const response = await request.get(variant(port), { headers: { cookie: student.cookie } });
    expect({ port, status: response.status() }).toEqual({ port, status: 401 });
  }
});
