import { expect, test, type Browser, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { addDemoStudent, demoIds, readDb, writeDb } from "./support/demo-db";
import { axeProblems, NARROW, overflowProblems, watchConsole, WIDE } from "./support/page-checks";
import { signIn } from "./support/sign-in";

// Issue 25: every page, for each role, at 1366 px and at 390 px, has no
// horizontal overflow outside a scroll box, no console error and no WCAG 2.1
// A/AA violation axe-core finds. Kept fast (CI's browser suite has a budget):
// each role signs in once in one context and opens each of its pages once,
// checks it at 1366 px, then narrows the same page to 390 px and checks it
// again (overflow and axe at both widths). Each role's test lists every
// failure at the end. The table below must name every app/**/page.tsx: its
// first test fails on a page without a row, so a new page cannot be missed.

const ROLES = ["signed-out", "student", "ta", "instructor", "admin"] as const;
type Role = (typeof ROLES)[number];
const WHO: Record<Role, string> = {
  "signed-out": "a signed-out visitor",
  student: "a student",
  ta: "a TA",
  instructor: "an instructor",
  admin: "a site admin",
};

interface Ids {
  courseId: string;
  section07Id: string;
  /** The demo course's assessment with a free-text part (manual grading). */
  reasoningId: string;
  reasoningProblemId: string;
  studentId: string;
  /** A problem the demo course's instructor authored (bank problems have no editor page). */
  authoredProblemId: string;
  /** A working password-reset link of a student made for this spec. */
  setPasswordSecret: string;
}

interface Row {
  url: (ids: Ids) => string;
  /** Who opens it: the roles whose page it is. */
  roles: readonly Role[];
}

/** Keyed by the page file under app/. */
const PAGES: Record<string, Row> = {
  // Renders nothing: it redirects each user to one of the pages below (lib/auth/roles.ts homePathFor).
  "page.tsx": { url: () => "/", roles: [] },
  "forbidden/page.tsx": { url: () => "/forbidden?from=%2Fgradebook", roles: ["student"] },
  "(auth)/signin/page.tsx": { url: () => "/signin", roles: ["signed-out"] },
  "(auth)/signup/page.tsx": { url: () => "/signup", roles: ["signed-out"] },
  "(auth)/set-password/[secret]/page.tsx": { url: (i) => `/set-password/${i.setPasswordSecret}`, roles: ["signed-out"] },
  "(account)/account/page.tsx": { url: () => "/account", roles: ["student", "ta", "instructor"] },
  // Without a launch behind them these show their error card; lti-*.spec.ts open them from a test LMS.
  "(account)/lti/deep-link/page.tsx": { url: () => "/lti/deep-link?request=none", roles: ["instructor"] },
  "(account)/lti/link-course/page.tsx": { url: () => "/lti/link-course?pending=none", roles: ["instructor"] },
  "(student)/courses/page.tsx": { url: () => "/courses", roles: ["student"] },
  "(student)/assessments/[assessmentId]/page.tsx": { url: (i) => `/assessments/${i.section07Id}`, roles: ["student"] },
  "(student)/assessments/[assessmentId]/problems/[slug]/page.tsx": {
    url: (i) => `/assessments/${i.section07Id}/problems/chain-rule`,
    roles: ["student"],
  },
  "(staff)/gradebook/page.tsx": { url: () => "/gradebook", roles: ["ta"] },
  "(staff)/gradebook/[assessmentId]/page.tsx": { url: (i) => `/gradebook/${i.section07Id}`, roles: ["ta"] },
  "(staff)/gradebook/[assessmentId]/analytics/page.tsx": { url: (i) => `/gradebook/${i.section07Id}/analytics`, roles: ["ta"] },
  "(staff)/gradebook/[assessmentId]/exceptions/page.tsx": { url: (i) => `/gradebook/${i.section07Id}/exceptions`, roles: ["instructor"] },
  "(staff)/gradebook/[assessmentId]/regrade/page.tsx": { url: (i) => `/gradebook/${i.section07Id}/regrade`, roles: ["instructor"] },
  "(staff)/gradebook/[assessmentId]/grading/page.tsx": { url: (i) => `/gradebook/${i.reasoningId}/grading`, roles: ["ta"] },
  "(staff)/gradebook/[assessmentId]/grading/[assessmentProblemId]/[partId]/page.tsx": {
    url: (i) => `/gradebook/${i.reasoningId}/grading/${i.reasoningProblemId}/symmetry`,
    roles: ["ta"],
  },
  "(staff)/gradebook/[assessmentId]/students/[studentId]/page.tsx": {
    url: (i) => `/gradebook/${i.section07Id}/students/${i.studentId}`,
    roles: ["ta"],
  },
  "(staff)/author/page.tsx": { url: () => "/author", roles: ["instructor"] },
  "(staff)/author/lti/page.tsx": { url: () => "/author/lti", roles: ["admin"] },
  "(staff)/author/problems/page.tsx": { url: () => "/author/problems", roles: ["instructor"] },
  "(staff)/author/problems/new/page.tsx": { url: () => "/author/problems/new", roles: ["instructor"] },
  "(staff)/author/problems/import/page.tsx": { url: () => "/author/problems/import", roles: ["instructor"] },
  "(staff)/author/problems/[problemId]/page.tsx": { url: (i) => `/author/problems/${i.authoredProblemId}`, roles: ["instructor"] },
  "(staff)/author/assessments/[assessmentId]/page.tsx": { url: (i) => `/author/assessments/${i.section07Id}`, roles: ["instructor"] },
  "(staff)/author/courses/[courseId]/assessments/new/page.tsx": {
    url: (i) => `/author/courses/${i.courseId}/assessments/new`,
    roles: ["instructor"],
  },
  "(staff)/author/courses/[courseId]/roster/page.tsx": { url: (i) => `/author/courses/${i.courseId}/roster`, roles: ["instructor"] },
  "(staff)/author/courses/[courseId]/settings/page.tsx": { url: (i) => `/author/courses/${i.courseId}/settings`, roles: ["instructor"] },
};

const APP = path.join(__dirname, "..", "..", "app");

function pageFiles(): string[] {
  return readdirSync(APP, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "page.tsx")
    .map((file) => file.split(path.sep).join("/"))
    .sort();
}

/** A site admin who teaches the demo course (/author/lti is under /author, which is for instructors). */
async function addAdmin(courseId: string): Promise<{ email: string; password: string }> {
  const admin = { email: `every-page-admin-${randomUUID()}@chainrule.test`, password: "every-page-admin-password" };
  const now = new Date();
  const userId = `e2e${randomUUID().replaceAll("-", "")}`;
  await writeDb(
    `INSERT INTO "User" (id, email, name, "passwordHash", "isAdmin", "createdAt", "updatedAt") VALUES (?, ?, 'Ada Admin', ?, true, ?, ?)`,
    userId,
    admin.email,
    bcrypt.hashSync(admin.password, 10),
    now,
    now,
  );
  await writeDb(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", role, "createdAt") VALUES (?, ?, ?, 'INSTRUCTOR', ?)`,
    `e2e${randomUUID().replaceAll("-", "")}`,
    userId,
    courseId,
    now,
  );
  return admin;
}

/**
 * The example document of grader/bank/examples published in the demo course,
 * straight in the database: a plain-object definition is read as the
 * document itself (grader/stored documentOfStoredDefinition).
 */
async function addAuthoredProblem(courseId: string): Promise<string> {
  const document = JSON.parse(readFileSync(path.join(__dirname, "../../grader/bank/examples/two-layer-tanh.json"), "utf8"));
  delete document.$schema;
  const slug = `every-page-${randomUUID().slice(0, 8)}`;
  const text = JSON.stringify({ ...document, slug, title: "Two-layer tanh (every page)" }, null, 2);
  const id = `e2e${randomUUID().replaceAll("-", "")}`;
  await writeDb(
    `INSERT INTO "Problem" (id, slug, version, title, source, definition, "authorText", "authorFormat", "courseId", "createdAt") VALUES (?, ?, 1, 'Two-layer tanh (every page)', 'AUTHORED', ?, ?, 'json', ?, ?)`,
    id,
    slug,
    text,
    text,
    courseId,
    new Date(),
  );
  return id;
}

/** A password-reset link for a student of this spec's own, stored as lib/accounts/link-secret.ts stores one (its SHA-256). */
async function addSetPasswordLink(courseId: string): Promise<string> {
  const student = await addDemoStudent("every-page");
  const userId = await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, student.email);
  const secret = randomBytes(32).toString("base64url");
  await writeDb(
    `INSERT INTO "AccountLink" (id, "userId", purpose, "secretHash", "courseId", "expiresAt", "createdAt") VALUES (?, ?, 'RESET', ?, ?, ?, ?)`,
    `e2e${randomUUID().replaceAll("-", "")}`,
    userId,
    createHash("sha256").update(secret, "utf8").digest("hex"),
    courseId,
    new Date(Date.now() + 86_400_000),
    new Date(),
  );
  return secret;
}

let ids: Ids;
const accounts = new Map<Role, { email: string; password: string }>();

test.beforeAll(async () => {
  const { courseId, section07Id } = await demoIds();
  const reasoningId = await readDb<string>(`SELECT id FROM "Assessment" WHERE "courseId" = ? AND slug = 'reasoning'`, courseId);
  ids = {
    courseId,
    section07Id,
    reasoningId,
    reasoningProblemId: await readDb<string>(
      `SELECT ap.id FROM "AssessmentProblem" ap JOIN "Problem" p ON p.id = ap."problemId" WHERE ap."assessmentId" = ? AND p.slug = 'section-07-reasoning'`,
      reasoningId,
    ),
    studentId: await readDb<string>(`SELECT id FROM "User" WHERE email = 'student@chainrule.test'`),
    authoredProblemId: await addAuthoredProblem(courseId),
    setPasswordSecret: await addSetPasswordLink(courseId),
  };
  for (const account of DEMO_ACCOUNTS)
    accounts.set(account.role === "STUDENT" ? "student" : account.role === "TA" ? "ta" : "instructor", account);
  accounts.set("admin", await addAdmin(courseId));
});

test("every page under app/ has a row saying who opens it", () => {
  expect(pageFiles()).toEqual(Object.keys(PAGES).sort());
});

test("the checks find a page's overflow (an absolute label escaping its scroll box too), its unlabelled field and its console error", async ({
  page,
}) => {
  const consoleErrors = watchConsole(page);
  await page.setViewportSize(NARROW);
  await page.setContent(`<!doctype html><html lang="en"><head><title>Faults</title><style>body { margin: 0 }</style></head><body><main>
    <div id="too-wide" style="width: 600px">wide</div>
    <div style="overflow-x: auto"><div style="width: 900px">scrolls in its box</div></div>
    <div style="overflow-x: auto"><div style="width: 900px; padding-left: 500px">
      <span id="escapes" style="position: absolute; width: 1px; height: 1px; overflow: hidden">a hidden label</span>
    </div></div>
    <input type="text">
    <script>console.error("a planted error")</script>
  </main></body></html>`);
  expect(await overflowProblems(page)).toEqual([
    `the page scrolls sideways (600 px wide in ${NARROW.width} px)`,
    "#too-wide sticks out (0…600 px of 390)",
    "#escapes sticks out (500…501 px of 390)",
  ]);
  expect((await axeProblems(page)).map((problem) => problem.split(" ")[1])).toEqual(["label"]);
  expect(consoleErrors.take()).toEqual(["console error: a planted error"]);
});

/** Opens a page at 1366 px, checks it, narrows it to 390 px and checks it again; what was wrong, as sentences. */
async function checkPage(page: Page, url: string, consoleErrors: ReturnType<typeof watchConsole>): Promise<string[]> {
  const failures: string[] = [];
  await page.setViewportSize(WIDE);
  const response = await page.goto(url);
  // Client components finish their first requests (hydration, data) before the checks.
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => {});
  const status = response?.status() ?? 0;
  if (status >= 400) failures.push(`${url}: answered ${status}`);
  const landed = new URL(page.url());
  const asked = new URL(url, landed);
  if (landed.pathname !== asked.pathname) failures.push(`${url}: redirected to ${landed.pathname} (is its row's role right?)`);
  for (const viewport of [WIDE, NARROW]) {
    await page.setViewportSize(viewport);
    const found = [...(await overflowProblems(page)), ...(await axeProblems(page)), ...consoleErrors.take()];
    failures.push(...found.map((problem) => `${url} at ${viewport.width} px: ${problem}`));
  }
  return failures;
}

const pagesOf = (role: Role) => Object.values(PAGES).filter((row) => row.roles.includes(role));

async function checkPagesOf(browser: Browser, role: Role) {
  const urls = pagesOf(role).map((row) => row.url(ids));
  const context = await browser.newContext({ viewport: WIDE });
  const page = await context.newPage();
  const consoleErrors = watchConsole(page);
  try {
    const account = accounts.get(role);
    if (account) {
      await signIn(page, account.email, account.password);
      await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible({ timeout: 20_000 });
      consoleErrors.take(); // the sign-in page is checked as a page of its own
    }
    const failures: string[] = [];
    for (const url of urls) failures.push(...(await checkPage(page, url, consoleErrors)));
    expect(failures, `${role}: ${failures.length} problem(s):\n${failures.join("\n")}`).toEqual([]);
  } finally {
    await context.close();
  }
}

for (const role of ROLES) {
  test(`every page ${WHO[role]} may open passes the overflow, console and axe checks at 1366 and 390 px`, async ({ browser }) => {
    // A page takes 2–12 s here (the editor's preview is the slowest: axe over its formulas, twice); a loaded machine is slower.
    test.setTimeout(30_000 + 15_000 * pagesOf(role).length);
    await checkPagesOf(browser, role);
  });
}
