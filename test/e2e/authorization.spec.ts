import { expect, test, type APIRequestContext, type APIResponse, type Browser } from "@playwright/test";
import bcrypt from "bcryptjs";
import Database from "better-sqlite3";
import { randomUUID } from "node:crypto";
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds, readDb } from "./support/demo-db";
import { E2E_BASE_URL, E2E_DATABASE_FILE } from "./support/server-settings";
import { signIn } from "./support/sign-in";

// Every route handler and every server action, called over HTTP by each kind
// of user. A row per (method, route) and per action; a route file or a
// "use server" export without a row fails the table's first test, so a new
// endpoint or action cannot ship without saying who may call it.

const PERSONAS = ["anonymous", "student", "otherStudent", "ta", "instructor", "otherInstructor"] as const;
/** otherStudent and otherInstructor belong to a second course only: the demo course's data is not theirs. */
type Persona = (typeof PERSONAS)[number];
/** "ok": past the permission check (2xx, or a 4xx about the body such as 400); "denied": 401, 403 or 404. */
type Outcome = "ok" | "denied";
type Expectation = Record<Persona, Outcome>;

const EVERYONE: Expectation = { anonymous: "ok", student: "ok", otherStudent: "ok", ta: "ok", instructor: "ok", otherInstructor: "ok" };
const SIGNED_IN: Expectation = {
  anonymous: "denied",
  student: "ok",
  otherStudent: "ok",
  ta: "ok",
  instructor: "ok",
  otherInstructor: "ok",
};
const ANONYMOUS_ONLY: Expectation = {
  anonymous: "ok",
  student: "denied",
  otherStudent: "denied",
  ta: "denied",
  instructor: "denied",
  otherInstructor: "denied",
};
const DEMO_COURSE_MEMBERS: Expectation = {
  anonymous: "denied",
  student: "ok",
  otherStudent: "denied",
  ta: "ok",
  instructor: "ok",
  otherInstructor: "denied",
};
const DEMO_COURSE_STAFF: Expectation = {
  anonymous: "denied",
  student: "denied",
  otherStudent: "denied",
  ta: "ok",
  instructor: "ok",
  otherInstructor: "denied",
};
const DEMO_COURSE_INSTRUCTORS: Expectation = {
  anonymous: "denied",
  student: "denied",
  otherStudent: "denied",
  ta: "denied",
  instructor: "ok",
  otherInstructor: "denied",
};

/**
 * Site-wide rights (lib/lti/permissions.ts): site admins, and instructors an admin allowed to register LMS
 * platforms. None of the personas has either; test/e2e/lti-launch.spec.ts calls these as an admin.
 */
const SITE_RIGHTS_ONLY: Expectation = {
  anonymous: "denied",
  student: "denied",
  otherStudent: "denied",
  ta: "denied",
  instructor: "denied",
  otherInstructor: "denied",
};

interface Ids {
  courseId: string;
  assessmentId: string;
  assessmentProblemId: string;
  studentId: string;
  authoredProblemId: string;
  /** An unpublished, empty assessment of the demo course, made for this test's assessment actions. */
  scratchAssessmentId: string;
}

interface Row {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The route as its folder names it, e.g. /api/problems/[slug]/variant. */
  route: string;
  url: (ids: Ids) => string;
  /** POSTs, PUTs and DELETEs send an empty object: allowed callers get a 400 about it, and nothing is changed. */
  expect: Expectation;
}

const staff = (route: string, url: (ids: Ids) => string, method: Row["method"] = "GET"): Row => ({
  method,
  route,
  url,
  expect: DEMO_COURSE_STAFF,
});

const ROWS: Row[] = [
  { method: "GET", route: "/api/health", url: () => "/api/health", expect: EVERYONE },
  { method: "GET", route: "/api/me", url: () => "/api/me", expect: SIGNED_IN },
  { method: "GET", route: "/api/assessments", url: () => "/api/assessments", expect: SIGNED_IN },
  {
    method: "GET",
    route: "/api/problems/[slug]/variant",
    url: (i) => `/api/problems/nn-backprop/variant?assessmentId=${i.assessmentId}`,
    expect: DEMO_COURSE_MEMBERS,
  },
  {
    method: "GET",
    route: "/api/problems/[slug]/submissions",
    url: (i) => `/api/problems/nn-backprop/submissions?assessmentId=${i.assessmentId}`,
    expect: DEMO_COURSE_MEMBERS,
  },
  {
    method: "POST",
    route: "/api/problems/[slug]/submissions",
    url: (i) => `/api/problems/nn-backprop/submissions?assessmentId=${i.assessmentId}`,
    expect: DEMO_COURSE_MEMBERS,
  },
  staff("/api/staff/courses/[courseId]", (i) => `/api/staff/courses/${i.courseId}`),
  {
    // Changes the course's time zone: instructors only (an empty body is a 400, nothing is changed).
    method: "PUT",
    route: "/api/staff/courses/[courseId]",
    url: (i) => `/api/staff/courses/${i.courseId}`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  staff("/api/staff/courses/[courseId]/roster", (i) => `/api/staff/courses/${i.courseId}/roster`),
  {
    // Makes the demo student a set-password link (it replaces nothing they use): instructors of the course only.
    method: "POST",
    route: "/api/staff/courses/[courseId]/roster/[userId]/account-link",
    url: (i) => `/api/staff/courses/${i.courseId}/roster/${i.studentId}/account-link`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  staff("/api/staff/assessments/[assessmentId]", (i) => `/api/staff/assessments/${i.assessmentId}`),
  {
    method: "PUT",
    route: "/api/staff/assessments/[assessmentId]",
    url: (i) => `/api/staff/assessments/${i.assessmentId}`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  staff("/api/staff/assessments/[assessmentId]/gradebook", (i) => `/api/staff/assessments/${i.assessmentId}/gradebook`),
  staff(
    "/api/staff/assessments/[assessmentId]/students/[studentId]",
    (i) => `/api/staff/assessments/${i.assessmentId}/students/${i.studentId}`,
  ),
  staff("/api/staff/assessments/[assessmentId]/overrides", (i) => `/api/staff/assessments/${i.assessmentId}/overrides`, "POST"),
  staff("/api/staff/assessments/[assessmentId]/lti-scores", (i) => `/api/staff/assessments/${i.assessmentId}/lti-scores`),
  // The demo course is in no LMS: allowed callers get a 400 saying so, nothing is enqueued.
  staff(
    "/api/staff/assessments/[assessmentId]/lti-scores/resend",
    (i) => `/api/staff/assessments/${i.assessmentId}/lti-scores/resend`,
    "POST",
  ),
  staff("/api/staff/assessments/[assessmentId]/exceptions", (i) => `/api/staff/assessments/${i.assessmentId}/exceptions`),
  {
    // Grants a student more time or attempts: instructors only (no id: allowed callers get a 400, nothing is deleted).
    method: "POST",
    route: "/api/staff/assessments/[assessmentId]/exceptions",
    url: (i) => `/api/staff/assessments/${i.assessmentId}/exceptions`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  {
    method: "DELETE",
    route: "/api/staff/assessments/[assessmentId]/exceptions",
    url: (i) => `/api/staff/assessments/${i.assessmentId}/exceptions`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  {
    // An empty body: allowed callers get a 400 about it, nothing is imported.
    method: "POST",
    route: "/api/staff/assessments/[assessmentId]/exceptions/import",
    url: (i) => `/api/staff/assessments/${i.assessmentId}/exceptions/import?dryRun=1`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  staff("/api/staff/courses/[courseId]/accommodations", (i) => `/api/staff/courses/${i.courseId}/accommodations`),
  {
    // A student's time multiplier on every timed assessment: instructors only (an empty body is a 400, nothing is set).
    method: "POST",
    route: "/api/staff/courses/[courseId]/accommodations",
    url: (i) => `/api/staff/courses/${i.courseId}/accommodations`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  {
    method: "DELETE",
    route: "/api/staff/courses/[courseId]/accommodations",
    url: (i) => `/api/staff/courses/${i.courseId}/accommodations`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  staff("/api/staff/assessments/[assessmentId]/grading", (i) => `/api/staff/assessments/${i.assessmentId}/grading`),
  staff("/api/staff/assessments/[assessmentId]/grading/next", (i) => `/api/staff/assessments/${i.assessmentId}/grading/next`, "POST"),
  staff("/api/staff/assessments/[assessmentId]/grading/grades", (i) => `/api/staff/assessments/${i.assessmentId}/grading/grades`, "POST"),
  staff("/api/staff/assessments/[assessmentId]/regrade", (i) => `/api/staff/assessments/${i.assessmentId}/regrade`),
  staff(
    "/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/regrade",
    (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/regrade`,
  ),
  staff(
    "/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/regrade",
    (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/regrade`,
    "POST",
  ),
  staff(
    "/api/staff/assessments/[assessmentId]/problems/[assessmentProblemId]/analytics",
    (i) => `/api/staff/assessments/${i.assessmentId}/problems/${i.assessmentProblemId}/analytics`,
  ),
  staff("/api/staff/assessments/[assessmentId]/exports/gradebook", (i) => `/api/staff/assessments/${i.assessmentId}/exports/gradebook`),
  staff("/api/staff/assessments/[assessmentId]/exports/submissions", (i) => `/api/staff/assessments/${i.assessmentId}/exports/submissions`),
  {
    method: "GET",
    route: "/author/problems/[problemId]/export",
    url: (i) => `/author/problems/${i.authoredProblemId}/export?format=json`,
    expect: DEMO_COURSE_INSTRUCTORS,
  },
  // LTI 1.3 (docs/lti.md). Login initiation, launch and JWKS are public by design: the LMS sends the browser
  // to the first two before anyone is signed in (the signed id token is the proof of who it is), and the
  // JWKS holds public keys only. Without LTI parameters login and launch are a 400 page.
  { method: "GET", route: "/api/lti/login", url: () => "/api/lti/login", expect: EVERYONE },
  { method: "POST", route: "/api/lti/login", url: () => "/api/lti/login", expect: EVERYONE },
  { method: "POST", route: "/api/lti/launch", url: () => "/api/lti/launch", expect: EVERYONE },
  { method: "GET", route: "/api/lti/jwks", url: () => "/api/lti/jwks", expect: EVERYONE },
  // Linking an LMS course: any signed-in person, whose pending token (from their own instructor launch) is checked after.
  { method: "GET", route: "/api/lti/course-link", url: () => "/api/lti/course-link", expect: SIGNED_IN },
  { method: "POST", route: "/api/lti/course-link", url: () => "/api/lti/course-link", expect: SIGNED_IN },
  // Deep linking: any signed-in person, whose request token (from their own staff launch) is checked after.
  { method: "GET", route: "/api/lti/deep-link", url: () => "/api/lti/deep-link", expect: SIGNED_IN },
  { method: "POST", route: "/api/lti/deep-link", url: () => "/api/lti/deep-link", expect: SIGNED_IN },
  { method: "POST", route: "/api/lti/deep-link/respond", url: () => "/api/lti/deep-link/respond", expect: SIGNED_IN },
  // Roster sync (NRPS) of a course's LMS links: the course's staff. The demo course has no LMS link: 409 after the check.
  ...(["GET", "POST"] as const).map((method) => ({
    method,
    route: "/api/staff/courses/[courseId]/lti/roster-sync",
    url: (i: Ids) => `/api/staff/courses/${i.courseId}/lti/roster-sync`,
    expect: DEMO_COURSE_STAFF,
  })),
  { method: "GET", route: "/api/staff/lti/platforms", url: () => "/api/staff/lti/platforms", expect: SITE_RIGHTS_ONLY },
  { method: "POST", route: "/api/staff/lti/platforms", url: () => "/api/staff/lti/platforms", expect: SITE_RIGHTS_ONLY },
  ...(["GET", "PUT", "DELETE"] as const).map((method) => ({
    method,
    route: "/api/staff/lti/platforms/[platformId]",
    url: () => "/api/staff/lti/platforms/no-such-platform",
    expect: SITE_RIGHTS_ONLY,
  })),
  // Dynamic Registration: the one-time link is the authority (the LMS administrator has no session), so the
  // route is public and an unknown link is its 410 page; the links are made and revoked with the site rights.
  { method: "GET", route: "/api/lti/register/[token]", url: () => "/api/lti/register/no-such-link", expect: EVERYONE },
  ...(["GET", "POST"] as const).map((method) => ({
    method,
    route: "/api/staff/lti/registration-links",
    url: () => "/api/staff/lti/registration-links",
    expect: SITE_RIGHTS_ONLY,
  })),
  {
    method: "DELETE",
    route: "/api/staff/lti/registration-links/[linkId]",
    url: () => "/api/staff/lti/registration-links/no-such-link",
    expect: SITE_RIGHTS_ONLY,
  },
  // Site admins only: rotates the tool's signing key.
  { method: "POST", route: "/api/staff/lti/keys/rotate", url: () => "/api/staff/lti/keys/rotate", expect: SITE_RIGHTS_ONLY },
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
        for (const [, method] of source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g))
          found.push(`${method} ${route}`);
      }
    }
  };
  walk(appRoot);
  return found.sort();
}

const OTHER_STUDENT = { email: `other-course-${randomUUID()}@chainrule.test`, password: "other-course-password" };
const OTHER_INSTRUCTOR = { email: `other-instructor-${randomUUID()}@chainrule.test`, password: "other-instructor-password" };

/**
 * A second course, which places nn-backprop too, with a student and an
 * instructor of its own (members of that course only): written straight into
 * the server's database.
 */
function addOtherCourse(): void {
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const now = new Date().toISOString();
    const id = () => `e2e${randomUUID().replaceAll("-", "")}`;
    const [courseId, assessmentId] = [id(), id()];
    const problemId = (db.prepare("SELECT id FROM Problem WHERE slug = 'nn-backprop' ORDER BY version DESC").get() as { id: string }).id;
    db.prepare("INSERT INTO Course (id, slug, title, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?)").run(
      courseId,
      `other-${courseId}`,
      "Another course",
      now,
      now,
    );
    for (const [account, name, role] of [
      [OTHER_STUDENT, "Olive Other", "STUDENT"],
      [OTHER_INSTRUCTOR, "Ingo Other", "INSTRUCTOR"],
    ] as const) {
      const userId = id();
      db.prepare("INSERT INTO User (id, email, name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)").run(
        userId,
        account.email,
        name,
        bcrypt.hashSync(account.password, 10),
        now,
        now,
      );
      db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, createdAt) VALUES (?, ?, ?, ?, ?)").run(
        id(),
        userId,
        courseId,
        role,
        now,
      );
    }
    db.prepare(
      "INSERT INTO Assessment (id, courseId, slug, title, published, createdAt, updatedAt) VALUES (?, ?, 'other', 'Other', 1, ?, ?)",
    ).run(assessmentId, courseId, now, now);
    db.prepare("INSERT INTO AssessmentProblem (id, assessmentId, problemId, position, points) VALUES (?, ?, ?, 0, 10)").run(
      id(),
      assessmentId,
      problemId,
    );
  } finally {
    db.close();
  }
}

const AUTHORED_SLUG = `authz-${randomUUID().slice(0, 8)}`;

/** An authored problem of the demo course, stored as the editor stores one (the document's text). */
async function addAuthoredProblem(): Promise<void> {
  const example = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "grader", "bank", "examples", "two-layer-tanh.json"), "utf8"));
  const { courseId } = await demoIds();
  const db = new Database(E2E_DATABASE_FILE);
  try {
    db.prepare(
      "INSERT INTO Problem (id, slug, version, title, source, definition, courseId, createdAt) VALUES (?, ?, 1, ?, 'AUTHORED', ?, ?, ?)",
    ).run(
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

const SCRATCH_SLUG = `authz-scratch-${randomUUID().slice(0, 8)}`;

/** An unpublished assessment with no problems in the demo course: the assessment actions' target. */
async function addScratchAssessment(): Promise<void> {
  const { courseId } = await demoIds();
  const db = new Database(E2E_DATABASE_FILE);
  try {
    const now = new Date().toISOString();
    db.prepare("INSERT INTO Assessment (id, courseId, slug, title, published, createdAt, updatedAt) VALUES (?, ?, ?, ?, 0, ?, ?)").run(
      `e2e${randomUUID().replaceAll("-", "")}`,
      courseId,
      SCRATCH_SLUG,
      "Authorization test scratch",
      now,
      now,
    );
  } finally {
    db.close();
  }
}

async function demoIdsWithPlacement(): Promise<Ids> {
  const { courseId, section07Id } = await demoIds();
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    const placement = db
      .prepare(
        "SELECT ap.id FROM AssessmentProblem ap JOIN Problem p ON p.id = ap.problemId WHERE ap.assessmentId = ? AND p.slug = 'nn-backprop'",
      )
      .get(section07Id) as { id: string };
    const student = db.prepare("SELECT id FROM User WHERE email = ?").get(DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!.email) as {
      id: string;
    };
    const authored = db.prepare("SELECT id FROM Problem WHERE slug = ?").get(AUTHORED_SLUG) as { id: string };
    const scratch = db.prepare("SELECT id FROM Assessment WHERE slug = ?").get(SCRATCH_SLUG) as { id: string };
    return {
      courseId,
      assessmentId: section07Id,
      assessmentProblemId: placement.id,
      studentId: student.id,
      authoredProblemId: authored.id,
      scratchAssessmentId: scratch.id,
    };
  } finally {
    db.close();
  }
}

async function requestAs(browser: Browser, persona: Persona): Promise<{ request: APIRequestContext; close: () => Promise<void> }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const account =
    persona === "anonymous"
      ? null
      : persona === "otherStudent"
        ? OTHER_STUDENT
        : persona === "otherInstructor"
          ? OTHER_INSTRUCTOR
          : DEMO_ACCOUNTS.find((a) => a.role === { student: "STUDENT", ta: "TA", instructor: "INSTRUCTOR" }[persona])!;
  if (account) {
    await signIn(page, account.email, account.password);
    await expect(page).not.toHaveURL(/\/signin/);
  }
  return { request: page.request, close: () => context.close() };
}

// The data both tables need, added once for the file.
test.beforeAll(async () => {
  addOtherCourse();
  await addAuthoredProblem();
  await addScratchAssessment();
});

test.describe("who may call each route", () => {
  test("every route handler has a row in the table", () => {
    const inTable = [...new Set(ROWS.map((row) => `${row.method} ${row.route}`))].sort();
    expect(inTable).toEqual(declaredRoutes());
  });

  for (const persona of PERSONAS) {
    test(`as ${persona}`, async ({ browser }) => {
      const ids = await demoIdsWithPlacement();
      const { request, close } = await requestAs(browser, persona);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const row of ROWS) {
        const url = row.url(ids);
        // Redirects are not followed: outside /api the proxy answers anonymous visitors with a
        // redirect to /signin and students on staff paths with one to /forbidden.
        const body = { data: Buffer.from("{}"), headers: { "content-type": "application/json" }, maxRedirects: 0 };
        const response =
          row.method === "GET"
            ? await request.get(url, { maxRedirects: 0 })
            : row.method === "PUT"
              ? await request.put(url, body)
              : row.method === "DELETE"
                ? await request.delete(url, body)
                : await request.post(url, body);
        const status = response.status();
        const redirectedAway = status >= 300 && status < 400 && /\/(signin|forbidden)/.test(response.headers()["location"] ?? "");
        const outcome: Outcome = [401, 403, 404].includes(status) || redirectedAway ? "denied" : "ok";
        // A server error is never an acceptable answer, allowed or not.
        outcomes.push(`${row.method} ${row.route}: ${status >= 500 ? `error ${status}` : outcome}`);
        expected.push(`${row.method} ${row.route}: ${row.expect[persona]}`);
        if (persona === "anonymous" && outcome === "denied" && row.route.startsWith("/api/"))
          expect(status, `${row.method} ${url}`).toBe(401);
      }
      expect(outcomes).toEqual(expected);
      await close();
    });
  }
});

// ---- Server actions ----
//
// Called over HTTP as the browser calls them: a POST to the page that renders
// the form, with the action's id (from the build's server reference
// manifest) in the Next-Action header and the arguments encoded as React
// encodes them. Outside the public pages the proxy answers anonymous visitors
// and students first (a redirect: denied); TAs and the other course's
// instructor get through it, so for them each action's own check is what
// answers. Allowed callers send input that is refused after the permission
// check (a validation error) where the action allows it, so that nothing
// changes; the two form actions that return nothing (duplicate an
// assessment, regenerate the invite) are judged by what they change.

const ROOT = path.join(__dirname, "..", "..");

/** Answers meaning "not you": from lib/auth/session.ts and the sign-up action. */
const DENIAL_MESSAGES = [
  /^Sign in to continue\./,
  /^Your account no longer exists/,
  /^You do not have access/,
  /^This page is for course staff/,
  /^There is no such assessment/,
  /^You are already signed in/,
];

type ActionCall = { state?: unknown; form: Record<string, string> } | { json: unknown };

interface ActionRow {
  /** The file that exports it, from the project root, and its export. */
  file: string;
  name: string;
  /** The page whose form calls it: where the browser posts it. */
  page: (ids: Ids) => string;
  call: (ids: Ids) => ActionCall;
  expect: Expectation;
  /** What an allowed caller gets back for this input (matched against the returned value as JSON): proof it got past the check. */
  allowedAnswer?: RegExp;
  /**
   * For an action that returns nothing and throws when refused: a reading of
   * what an allowed call changes. Refused callers must leave it as it was.
   */
  effect?: (ids: Ids) => Promise<unknown>;
}

const ASSESSMENT_FORM_STATE = { error: null, fieldErrors: {}, saved: false };
const ASSESSMENT_ACTIONS = "app/(staff)/author/assessments/actions.ts";
const ROSTER_ACTIONS = "app/(staff)/author/courses/[courseId]/roster/actions.ts";
const PROBLEM_ACTIONS = "app/(staff)/author/problems/actions.ts";
const EXCEPTION_ACTIONS = "app/(staff)/gradebook/[assessmentId]/exceptions/actions.ts";
const ACCOMMODATION_ACTIONS = "app/(staff)/author/courses/[courseId]/roster/accommodation-actions.ts";
const GRADING_ACTIONS = "app/(staff)/gradebook/[assessmentId]/grading/[assessmentProblemId]/[partId]/actions.ts";

const ACTION_ROWS: ActionRow[] = [
  {
    // Public by design (it creates an account), refused to the signed in; empty fields fail validation.
    file: "app/(auth)/signup/actions.ts",
    name: "signUpAction",
    page: () => "/signup",
    call: () => ({ state: { error: null, done: null }, form: { name: "", email: "", password: "", inviteCode: "" } }),
    expect: ANONYMOUS_ONLY,
    allowedAnswer: /Enter your name/,
  },
  {
    // Anyone signed in, for their own account only: an empty form is refused before any password is checked.
    file: "app/(account)/account/actions.ts",
    name: "changePasswordAction",
    page: () => "/account",
    call: () => ({ state: { error: null, done: false }, form: { currentPassword: "", newPassword: "" } }),
    expect: SIGNED_IN,
    allowedAnswer: /Enter your current password/,
  },
  {
    // Joining a course with an invite link needs an account; an unknown code joins nothing.
    file: "app/(auth)/signup/actions.ts",
    name: "joinCourseAction",
    page: () => "/signup?invite=not-a-code",
    call: () => ({ state: { error: null }, form: { inviteCode: "not-a-code" } }),
    expect: SIGNED_IN,
    allowedAnswer: /invite link is not valid any more/,
  },
  {
    // Public by design: holding the link is the permission. A short password is refused before the link is looked at.
    file: "app/(auth)/set-password/[secret]/actions.ts",
    name: "setPasswordAction",
    page: () => "/set-password/not-a-link",
    call: () => ({ state: { error: null, done: null }, form: { secret: "not-a-link", password: "short" } }),
    expect: EVERYONE,
    allowedAnswer: /at least 8 characters/,
  },
  {
    file: ASSESSMENT_ACTIONS,
    name: "createAssessmentAction",
    page: (i) => `/author/courses/${i.courseId}/assessments/new`,
    // No title or slug: "Some fields need attention", nothing created.
    call: (i) => ({ state: ASSESSMENT_FORM_STATE, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Some fields need attention/,
  },
  {
    file: ASSESSMENT_ACTIONS,
    name: "updateAssessmentAction",
    page: (i) => `/author/assessments/${i.scratchAssessmentId}`,
    call: (i) => ({ state: ASSESSMENT_FORM_STATE, form: { assessmentId: i.scratchAssessmentId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Some fields need attention/,
  },
  {
    file: ASSESSMENT_ACTIONS,
    name: "publishAssessmentAction",
    page: (i) => `/author/assessments/${i.scratchAssessmentId}`,
    // The scratch assessment has no problems: "Add at least one problem before publishing."
    call: (i) => ({ state: ASSESSMENT_FORM_STATE, form: { assessmentId: i.scratchAssessmentId, published: "true" } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Add at least one problem before publishing/,
  },
  {
    file: ASSESSMENT_ACTIONS,
    name: "duplicateAssessmentAction",
    page: (i) => `/author/assessments/${i.scratchAssessmentId}`,
    call: (i) => ({ form: { assessmentId: i.scratchAssessmentId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    effect: () => readDb<number>(`SELECT COUNT(*) FROM "Assessment" WHERE slug LIKE ?`, `${SCRATCH_SLUG}-copy%`),
  },
  {
    file: ROSTER_ACTIONS,
    name: "importRosterAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    // A preview of an empty roster: nothing is changed.
    call: (i) => ({
      state: { stage: "idle", csv: "", plan: { counts: {}, changes: [] }, rowErrors: [], error: null },
      form: { courseId: i.courseId, csv: "", intent: "preview" },
    }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /"stage":"(preview|idle)"/,
  },
  {
    file: ROSTER_ACTIONS,
    name: "changeRoleAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    // No user named: refused as invalid input after the permission check.
    call: (i) => ({ state: { error: null }, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /The request is invalid/,
  },
  {
    file: ROSTER_ACTIONS,
    name: "accountLinkAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    // No member named: refused as invalid input after the permission check.
    call: (i) => ({ state: { error: null, link: null }, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /The request is invalid/,
  },
  {
    file: ROSTER_ACTIONS,
    name: "regenerateInviteAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    call: (i) => ({ form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    // The demo course's invite code; the other tests read it afresh each time.
    effect: (i) => readDb<string>(`SELECT "inviteCode" FROM "Course" WHERE id = ?`, i.courseId),
  },
  {
    file: "app/(staff)/author/courses/[courseId]/settings/actions.ts",
    name: "updateCourseSettingsAction",
    page: (i) => `/author/courses/${i.courseId}/settings`,
    // No time zone: refused as invalid input after the permission check, nothing changed.
    call: (i) => ({ state: { error: null, saved: false }, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /The request is invalid/,
  },
  {
    file: EXCEPTION_ACTIONS,
    name: "createExceptionAction",
    page: (i) => `/gradebook/${i.assessmentId}/exceptions`,
    // No student and no terms: refused field by field after the permission check, nothing granted.
    call: (i) => ({ state: { error: null, fieldErrors: {}, saved: false }, form: { assessmentId: i.assessmentId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Some fields need attention/,
  },
  {
    file: EXCEPTION_ACTIONS,
    name: "deleteExceptionAction",
    page: (i) => `/gradebook/${i.assessmentId}/exceptions`,
    // No exception named: refused as invalid input after the permission check.
    call: (i) => ({ state: { error: null }, form: { assessmentId: i.assessmentId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /The request is invalid/,
  },
  {
    file: EXCEPTION_ACTIONS,
    name: "importExceptionsAction",
    page: (i) => `/gradebook/${i.assessmentId}/exceptions`,
    // A preview of an empty CSV: its header is missing, nothing is stored.
    call: (i) => ({
      state: { stage: "idle", csv: "", rows: [], rowErrors: [], error: null },
      form: { assessmentId: i.assessmentId, csv: "", intent: "preview" },
    }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Nothing was imported/,
  },
  {
    file: ACCOMMODATION_ACTIONS,
    name: "setAccommodationAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    // No student, multiplier or reason: refused field by field after the permission check.
    call: (i) => ({ state: { error: null, fieldErrors: {}, saved: false }, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Some fields need attention/,
  },
  {
    file: ACCOMMODATION_ACTIONS,
    name: "removeAccommodationAction",
    page: (i) => `/author/courses/${i.courseId}/roster`,
    // No student named: refused as invalid input after the permission check.
    call: (i) => ({ state: { error: null, fieldErrors: {}, saved: false }, form: { courseId: i.courseId } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /Say whose accommodation to remove/,
  },
  {
    file: PROBLEM_ACTIONS,
    name: "validateDocumentAction",
    page: () => "/author/problems/new",
    call: (i) => ({ json: { courseId: i.courseId, text: "{}", format: "json" } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /"ok":true,"validation":\{"status":"invalid-document"/,
  },
  {
    file: GRADING_ACTIONS,
    name: "gradeAnswerAction",
    page: (i) => `/gradebook/${i.assessmentId}/grading`,
    // No answer named: refused as an incomplete form after the permission check; nothing is graded.
    call: (i) => ({ state: { error: null }, form: { assessmentId: i.assessmentId } }),
    expect: DEMO_COURSE_STAFF,
    allowedAnswer: /"error":"The grading form is incomplete/,
  },
  {
    file: PROBLEM_ACTIONS,
    name: "publishDocumentAction",
    page: () => "/author/problems/new",
    // An empty document fails validation: nothing is published.
    call: (i) => ({ json: { courseId: i.courseId, text: "{}", format: "json" } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /"ok":false,"message"/,
  },
  {
    file: "app/(staff)/author/problems/import/actions.ts",
    name: "importModelAction",
    page: () => "/author/problems/import",
    // A model with an unknown layer: refused by name after the permission check, nothing changed.
    call: (i) => ({ json: { courseId: i.courseId, model: "nn.Sequential(nn.Upsample(scale_factor=2))", inputShape: "(1, 3, 8, 8)" } }),
    expect: DEMO_COURSE_INSTRUCTORS,
    allowedAnswer: /"ok":false,"message":"The model cannot be imported: line 1, column 15: layer 1, Upsample/,
  },
];

/** Every export of every file under app/ and lib/ that starts with "use server", as "file#name". */
function declaredActions(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir)) {
      const full = path.join(dir, entry);
      if (statSync(full).isDirectory()) {
        if (entry !== "generated" && entry !== "node_modules") walk(full);
        continue;
      }
      if (!/\.(ts|tsx|js|mjs)$/.test(entry)) continue;
      const source = readFileSync(full, "utf8");
      if (!/["']use server["']/.test(source)) continue;
      const file = path.relative(ROOT, full).split(path.sep).join("/");
      // An action declared inside a component cannot be listed here: it fails the table until moved to an actions file.
      if (!/^\s*(?:\/\/[^\n]*\n\s*)*["']use server["']/.test(source)) {
        found.push(`${file}#(inline "use server")`);
        continue;
      }
      for (const [, name] of source.matchAll(/^export (?:async function|function|const|let) (\w+)/gm)) found.push(`${file}#${name}`);
    }
  };
  for (const top of ["app", "lib"]) walk(path.join(ROOT, top));
  return found.sort();
}

/** The build's action ids by "file#name" (its server reference manifest). */
function actionIds(): Map<string, string> {
  const distDir = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(readFileSync(path.join(ROOT, distDir, "server", "server-reference-manifest.json"), "utf8")) as {
    node: Record<string, { filename: string; exportedName: string }>;
  };
  return new Map(Object.entries(manifest.node).map(([id, entry]) => [`${entry.filename}#${entry.exportedName}`, id]));
}

/**
 * Posts a server action as React's client does: FormData arguments as
 * multipart fields prefixed "_1_" and referenced as "$K1" from the argument
 * list in field "0"; plain arguments as the JSON argument list.
 */
async function postAction(request: APIRequestContext, url: string, actionId: string, call: ActionCall): Promise<APIResponse> {
  const headers = { "next-action": actionId, accept: "text/x-component", origin: E2E_BASE_URL };
  if ("json" in call) {
    return request.post(url, {
      headers: { ...headers, "content-type": "text/plain;charset=UTF-8" },
      data: JSON.stringify([call.json]),
      maxRedirects: 0,
    });
  }
  // In this order: the fields must be there when field "0" refers to them (an object would put "0" first).
  const multipart = new FormData();
  for (const [key, value] of Object.entries(call.form)) multipart.append(`_1_${key}`, value);
  multipart.append("0", JSON.stringify(call.state === undefined ? ["$K1"] : [call.state, "$K1"]));
  return request.post(url, { headers, multipart, maxRedirects: 0 });
}

/** The action's return value from the flight response: row 0 names the row that holds it. */
function actionResult(body: string): { value?: unknown; thrown: boolean } {
  const rows = new Map(
    body
      .split("\n")
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1)]),
  );
  const head = JSON.parse(rows.get("0") ?? "{}") as { a?: string };
  const row = rows.get((head.a ?? "").replace(/^\$@/, "")) ?? "";
  if (row.startsWith("E")) return { thrown: true };
  return { value: row ? JSON.parse(row) : undefined, thrown: false };
}

test.describe("who may call each server action", () => {
  test("every server action has a row in the table, and the build knows each", () => {
    const inTable = ACTION_ROWS.map((row) => `${row.file}#${row.name}`).sort();
    expect(inTable).toEqual(declaredActions());
    const ids = actionIds();
    expect(inTable.filter((key) => !ids.has(key))).toEqual([]);
  });

  for (const persona of PERSONAS) {
    test(`server actions as ${persona}`, async ({ browser }) => {
      const ids = await demoIdsWithPlacement();
      const actionIdOf = actionIds();
      const { request, close } = await requestAs(browser, persona);
      const outcomes: string[] = [];
      const expected: string[] = [];
      for (const row of ACTION_ROWS) {
        const before = await row.effect?.(ids);
        const response = await postAction(request, row.page(ids), actionIdOf.get(`${row.file}#${row.name}`)!, row.call(ids));
        const status = response.status();
        const location = response.headers()["location"] ?? "";
        // An action that redirects (redirect() in the action) answers with x-action-redirect.
        const actionRedirect = response.headers()["x-action-redirect"] ?? "";
        let outcome: string;
        if ((status >= 300 && status < 400 && /\/(signin|forbidden)/.test(location)) || /^\/(signin|forbidden)/.test(actionRedirect)) {
          outcome = "denied";
        } else if (row.effect) {
          // Refused actions redirect to sign in or the forbidden page (above); allowed ones change something.
          const changed = JSON.stringify(await row.effect(ids)) !== JSON.stringify(before);
          outcome = changed ? "ok" : `unchanged (${status}${actionResult(await response.text()).thrown ? ", thrown" : ""})`;
        } else {
          const result = status === 200 ? actionResult(await response.text()) : { thrown: true };
          const message =
            (result.value as { error?: string | null; message?: string } | undefined)?.error ??
            (result.value as { message?: string } | undefined)?.message ??
            "";
          const answer = JSON.stringify(result.value);
          outcome = result.thrown
            ? `error ${status}`
            : DENIAL_MESSAGES.some((pattern) => pattern.test(message))
              ? "denied"
              : row.allowedAnswer?.test(answer)
                ? "ok"
                : `unexpected answer ${answer}`;
        }
        outcomes.push(`${row.name}: ${outcome}`);
        expected.push(`${row.name}: ${row.expect[persona]}`);
      }
      expect(outcomes).toEqual(expected);
      await close();
    });
  }
});

test.describe("server actions given bodies the app's forms never send", () => {
  const deep = (levels: number) => `${"[".repeat(levels)}1${"]".repeat(levels)}`;
  /** Arguments of the wrong kind, and arguments nested 5,000 deep (Next's decoding recursed into a stack overflow). */
  const BODIES: {
    name: string;
    body: (headers: Record<string, string>) => { headers: Record<string, string>; data?: string; multipart?: FormData };
  }[] = [
    { name: "no arguments", body: (headers) => ({ headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: "[]" }) },
    {
      name: "numbers for the state and the form",
      body: (headers) => ({ headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: "[1,2]" }),
    },
    {
      name: "arguments nested 5,000 deep",
      body: (headers) => ({ headers: { ...headers, "content-type": "text/plain;charset=UTF-8" }, data: `[${deep(5000)}]` }),
    },
    {
      name: "a form whose argument list is nested 5,000 deep",
      body: (headers) => {
        const multipart = new FormData();
        multipart.append("_1_courseId", "x");
        multipart.append("0", `[${deep(5000)},"$K1"]`);
        return { headers, multipart };
      },
    },
  ];

  for (const persona of ["anonymous", "instructor"] as const) {
    test(`never answer 500, as ${persona}`, async ({ browser }) => {
      const ids = await demoIdsWithPlacement();
      const actionIdOf = actionIds();
      const { request, close } = await requestAs(browser, persona);
      const serverErrors: string[] = [];
      for (const row of ACTION_ROWS) {
        for (const { name, body } of BODIES) {
          const { headers, data, multipart } = body({
            "next-action": actionIdOf.get(`${row.file}#${row.name}`)!,
            accept: "text/x-component",
            origin: E2E_BASE_URL,
          });
          const response = await request.post(row.page(ids), { headers, ...(multipart ? { multipart } : { data }), maxRedirects: 0 });
          if (response.status() >= 500) serverErrors.push(`${row.name} with ${name}: ${response.status()}`);
        }
      }
      expect(serverErrors).toEqual([]);
      await close();
    });
  }
});
