import { expect, test, type APIRequestContext, type Browser } from "@playwright/test";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn } from "./support/sign-in";

// Every route handler, called over HTTP by each kind of user. A row per
// (method, route); a route file without a row fails the first test, so a new
// endpoint cannot ship without saying who may call it.

type Persona = "anonymous" | "student" | "otherStudent" | "ta" | "instructor";
/** "ok": past the permission check (2xx, or a 4xx about the body such as 400); "denied": 401, 403 or 404. */
type Outcome = "ok" | "denied";
type Expectation = Record<Persona, Outcome>;

const EVERYONE: Expectation = { anonymous: "ok", student: "ok", otherStudent: "ok", ta: "ok", instructor: "ok" };
const SIGNED_IN: Expectation = { anonymous: "denied", student: "ok", otherStudent: "ok", ta: "ok", instructor: "ok" };
const DEMO_COURSE_MEMBERS: Expectation = { anonymous: "denied", student: "ok", otherStudent: "denied", ta: "ok", instructor: "ok" };
const DEMO_COURSE_STAFF: Expectation = { anonymous: "denied", student: "denied", otherStudent: "denied", ta: "ok", instructor: "ok" };
const DEMO_COURSE_INSTRUCTORS: Expectation = { anonymous: "denied", student: "denied", otherStudent: "denied", ta: "denied", instructor: "ok" };

interface Ids {
  courseId: string;
  assessmentId: string;
  assessmentProblemId: string;
  studentId: string;
  authoredProblemId: string;
}

interface Row {
  method: "GET" | "POST";
  /** The route as its folder names it, e.g. /api/problems/[slug]/variant. */
  route: string;
  url: (ids: Ids) => string;
  /** POSTs send an empty object: allowed callers get a 400 about it, and nothing is changed. */
  expect: Expectation;
}

const staff = (route: string, url: (ids: Ids) => string, method: Row["method"] = "GET"): Row => ({ method, route, url, expect: DEMO_COURSE_STAFF });

const ROWS: Row[] = [
  { method: "GET", route: "/api/health", url: () => "/api/health", expect: EVERYONE },
  { method: "GET", route: "/api/me", url: () => "/api/me", expect: SIGNED_IN },
  { method: "GET", route: "/api/assessments", url: () => "/api/assessments", expect: SIGNED_IN },
  { method: "GET", route: "/api/problems/[slug]/variant", url: (i) => `/api/problems/nn-backprop/variant?assessmentId=${i.assessmentId}`, expect: DEMO_COURSE_MEMBERS },
  { method: "GET", route: "/api/problems/[slug]/submissions", url: (i) => `/api/problems/nn-backprop/submissions?assessmentId=${i.assessmentId}`, expect: DEMO_COURSE_MEMBERS },
  { method: "POST", route: "/api/problems/[slug]/submissions", url: (i) => `/api/problems/nn-backprop/submissions?assessmentId=${i.assessmentId}`, expect: DEMO_COURSE_MEMBERS },
  staff("/api/staff/courses/[courseId]/roster", (i) => `/api/staff/courses/${i.courseId}/roster`),
  staff("/api/staff/assessments/[assessmentId]/gradebook", (i) => `/api/staff/assessments/${i.assessmentId}/gradebook`),
  staff("/api/staff/assessments/[assessmentId]/students/[studentId]", (i) => `/api/staff/assessments/${i.assessmentId}/students/${i.studentId}`),
  staff("/api/staff/assessments/[assessmentId]/overrides", (i) => `/api/staff/assessments/${i.assessmentId}/overrides`, "POST"),
  staff("/api/staff/assessments/[assessmentId]/regrade", (i) => `/api/staff/assessments/${i.assessmentId}/regrade`),
  staff("/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/regrade", (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/regrade`),
  staff("/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/regrade", (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/regrade`, "POST"),
  staff("/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/analytics", (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/analytics`),
  staff("/api/staff/assessments/[assessmentId]/exports/gradebook", (i) => `/api/staff/assessments/${i.assessmentId}/exports/gradebook`),
  staff("/api/staff/assessments/[assessmentId]/exports/submissions", (i) => `/api/staff/assessments/${i.assessmentId}/exports/submissions`),
  {
    method: "GET",
    route: "/author/problems/[problemId]/export",
    url: (i) => `/author/problems/${i.authoredProblemId}/export?format=json`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
];

/** next-auth's own endpoints: public by design, and tested by signing in. */
const NOT_IN_TABLE = ["/api/auth/[...nextauth]"];

/** Every (method, route) exported by a route.ts anywhere under app/ (route groups such as (staff) are not in the URL). */
function declaredRoutes(): string[] {
  const appRoot = path.join(__dirname, "..", "..", "app");
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) walk(full);
      else if (entry === "route.ts") {
        const route = `/${path
          .relative(appRoot, dir)
          .split(path.sep)
          .filter((segment) => !/^\(.*\)$/.test(segment))
          .join("/")}`;
        if (NOT_IN_TABLE.includes(route)) continue;
        const source = readFileSync(full, "utf8");
        for (const [, method] of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)) found.push(`${method} ${route}`);
      }
    }
  };
  walk(appRoot);
  return found.sort();
}

const OTHER_STUDENT = { email: `other-course-${randomUUID()}@chainrule.test`, password: "other-course-password" };

/** A student enrolled only in a second course, which places nn-backprop too: written straight into the server's database. */
function addOtherCourseStudent(): void {
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const now = new Date().toISOString();
    const id = () => `e2e${randomUUID().replaceAll("-", "")}`;
    const [userId, courseId, assessmentId] = [id(), id(), id()];
    const problemId = (db.prepare("SELECT id FROM Problem WHERE slug = 'nn-backprop' ORDER BY version DESC").get() as { id: string }).id;
    db.prepare("INSERT INTO User (id, email, name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)").run(
      userId, OTHER_STUDENT.email, "Olive Other", bcrypt.hashSync(OTHER_STUDENT.password, 10), now, now,
    );
    db.prepare("INSERT INTO Course (id, slug, title, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)").run(courseId, `other-${courseId}`, "Another course", now, now);
    db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, 'STUDENT', ?)").run(id(), userId, courseId, now);
    db.prepare("INSERT INTO Assessment (id, courseId, slug, title, published, createdAt, updatedAt) VALUES (?, ?, 'other', 'Other', 1, ?, ?)").run(assessmentId, courseId, now, now);
    db.prepare("INSERT INTO AssessmentProblem (id, assessmentId, problemId, position, points) VALUES (?, ?, ?, 0, 10)").run(id(), assessmentId, problemId);
  } finally {
    db.close();
  }
}

const AUTHORED_SLUG = `authz-${randomUUID().slice(0, 8)}`;

/** An authored problem of the demo course, stored as the editor stores one (the document's text). */
function addAuthoredProblem(): void {
  const example = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "grader", "bank", "examples", "two-layer-tanh.json"), "utf8"));
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const { courseId } = demoIds();
    db.prepare("INSERT INTO Problem (id, slug, version, title, source, definition, courseId, createdAt) VALUES (?, ?, 1, ?, 'AUTHORED', ?, ?, ?)").run(
      `e2e${randomUUID().replaceAll("-", "")}`,
      AUTHORED_SLUG,
      "Authored for the authorization test",
      JSON.stringify({ documentText: JSON.stringify({ ...example, slug: AUTHORED_SLUG }, null, 2) }),
      courseId,
      new Date().toISOString(),
    );
  } finally {
    db.close();
  }
}

function demoIdsWithPlacement(): Ids {
  const { courseId, section07Id } = demoIds();
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    const placement = db
      .prepare("SELECT ap.id FROM AssessmentProblem ap JOIN Problem p ON p.id = ap.problemId WHERE ap.assessmentId = ? AND p.slug = 'nn-backprop'")
      .get(section07Id) as { id: string };
    const student = db.prepare("SELECT id FROM User WHERE email = ?").get(DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!.email) as { id: string };
    const authored = db.prepare("SELECT id FROM Problem WHERE slug = ?").get(AUTHORED_SLUG) as { id: string };
    return { courseId, assessmentId: section07Id, assessmentProblemId: placement.id, studentId: student.id, authoredProblemId: authored.id };
  } finally {
    db.close();
  }
}

async function requestAs(browser: Browser, persona: Persona): Promise<{ request: APIRequestContext; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const account =
    persona === "otherStudent"
      ? OTHER_STUDENT
      : persona === "anonymous"
        ? null
        : DEMO_ACCOUNTS.find((a) => a.role === { student: "STUDENT", ta: "TA", instructor: "INSTRUCTOR" }[persona])!;
  if (account) {
    await signIn(page, account.email, account.password);
    await expect(page).not.toHaveURL(/\/signin/);
  }
  return { request: page.request, close: () => context.close() };
}

test.describe("who may call each route", () => {
  test("every route handler has a row in the table", () => {
    const inTable = [...new Set(ROWS.map((row) => `${row.method} ${row.route}`))].sort();
    expect(inTable).toEqual(declaredRoutes());
  });

  test.beforeAll(() => {
    addOtherCourseStudent();
    addAuthoredProblem();
  });

  for (const persona of ["anonymous", "student", "otherStudent", "ta", "instructor"] as const) {
    test(`as ${persona}`, async ({ browser }) => {
      const ids = demoIdsWithPlacement();
      const { request, close } = await requestAs(browser, persona);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const row of ROWS) {
        const url = row.url(ids);
        // Redirects are not followed: outside /api the proxy answers anonymous visitors with a
        // redirect to /signin and students on staff paths with one to /forbidden.
        const response =
          row.method === "GET"
            ? await request.get(url, { maxRedirects: 0 })
            : await request.post(url, { data: Buffer.from("{}"), headers: { "content-type": "application/json" }, maxRedirects: 0 });
        const status = response.status();
        const redirectedAway = status >= 300 && status < 400 && /\/(signin|forbidden)/.test(response.headers()["location"] ?? "");
        const outcome: Outcome = [401, 403, 404].includes(status) || redirectedAway ? "denied" : "ok";
        // A server error is never an acceptable answer, allowed or not.
        outcomes.push(`${row.method} ${row.route}: ${status >= 500 ? `error ${status}` : outcome}`);
        expected.push(`${row.method} ${row.route}: ${row.expect[persona]}`);
        if (persona === "anonymous" && outcome === "denied" && row.route.startsWith("/api/")) expect(status, `${row.method} ${url}`).toBe(401);
      }
      expect(outcomes).toEqual(expected);
      await close();
    });
  }
});
