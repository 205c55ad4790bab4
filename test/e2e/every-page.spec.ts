import { expect, test, type Browser, type BrowserContext, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS, DEMO_POOL_QUIZ, DEMO_SETS } from "../../lib/seed/seed-demo";
import { demoIds, readDb, writeDb } from "./support/demo-db";
import { appRoutes, axeViolations, horizontalOverflow, watchForErrors } from "./support/page-checks";
import { signIn } from "./support/sign-in";

// Issue 25: every page, for each role that uses it, on a phone (390 px) and
// a laptop (1366 px): the page does not scroll sideways (wide content
// scrolls in a box of its own), the browser logs no error and no request
// fails, and axe-core finds no WCAG 2.1 A or AA violation. The list of
// pages is checked against app/'s page.tsx files, so a new page must be
// added here (or to NOT_VISITED with a reason) before its tests pass.

const WIDTHS = [
  { name: "phone", viewport: { width: 390, height: 844 } },
  { name: "laptop", viewport: { width: 1366, height: 768 } },
] as const;

/** Signing in (bcrypt) and a first page take many seconds on a busy machine: the tests' base time, and more per page. */
const PER_TEST_MS = 120_000;
const PER_PAGE_MS = 40_000;
test.describe.configure({ timeout: PER_TEST_MS });

type Role = "signed-out" | "student" | "ta" | "instructor" | "admin";

interface PageIds {
  courseId: string;
  inviteCode: string;
  section07Id: string;
  reasoningId: string;
  /** Every demo set's assessment, with its problems' slugs (the pool quiz draws from Section 07's). */
  sets: { slug: string; assessmentId: string; slugs: string[] }[];
  studentId: string;
  authoredProblemId: string;
}

interface Visit {
  /** The route as app/ names it, route groups left out: "/gradebook/[assessmentId]". */
  route: string;
  as: Role[];
  /** The addresses to open: one, or every instance worth seeing (each problem's statement differs). */
  paths: (ids: PageIds, page: Page, group: string) => string[] | Promise<string[]>;
  /** A test per group, so that a route with many addresses runs as several tests of reasonable length: the demo sets. */
  groups?: string[];
  /** Where the page lands when it redirects (the home page sends each role on). */
  lands?: RegExp;
}

const VISITS: Visit[] = [
  { route: "/", as: ["signed-out", "student", "ta", "instructor"], paths: () => ["/"], lands: /\/(signin|courses|gradebook|author)/ },
  { route: "/signin", as: ["signed-out"], paths: () => ["/signin", "/signin?error=CredentialsSignin"] },
  { route: "/signup", as: ["signed-out"], paths: (ids) => ["/signup", `/signup?invite=${ids.inviteCode}`] },
  // A link that was never issued: the page explains what to do (a real one is the same form as /signup's).
  { route: "/set-password/[secret]", as: ["signed-out"], paths: () => ["/set-password/not-a-link-we-sent"] },
  { route: "/forbidden", as: ["signed-out", "student"], paths: () => ["/forbidden", "/forbidden?from=%2Fgradebook"] },
  { route: "/account", as: ["student", "ta", "instructor"], paths: () => ["/account"] },
  // Reached from an LMS launch; without one they say how to get there.
  { route: "/lti/deep-link", as: ["instructor"], paths: () => ["/lti/deep-link"] },
  { route: "/lti/link-course", as: ["instructor"], paths: () => ["/lti/link-course"] },

  { route: "/courses", as: ["student", "ta", "instructor"], paths: () => ["/courses"] },
  { route: "/assessments/[assessmentId]", as: ["student"], paths: (ids) => ids.sets.map((set) => `/assessments/${set.assessmentId}`) },
  {
    route: "/assessments/[assessmentId]/problems/[slug]",
    as: ["student"],
    groups: DEMO_SETS.map((set) => set.slug),
    paths: (ids, _page, group) => {
      const set = ids.sets.find((candidate) => candidate.slug === group)!;
      return set.slugs.map((slug) => `/assessments/${set.assessmentId}/problems/${slug}`);
    },
  },

  { route: "/gradebook", as: ["ta", "instructor"], paths: () => ["/gradebook"] },
  { route: "/gradebook/[assessmentId]", as: ["ta", "instructor"], paths: (ids) => [`/gradebook/${ids.section07Id}`] },
  { route: "/gradebook/[assessmentId]/analytics", as: ["ta"], paths: (ids) => [`/gradebook/${ids.section07Id}/analytics`] },
  { route: "/gradebook/[assessmentId]/exceptions", as: ["ta"], paths: (ids) => [`/gradebook/${ids.section07Id}/exceptions`] },
  { route: "/gradebook/[assessmentId]/grading", as: ["ta"], paths: (ids) => [`/gradebook/${ids.reasoningId}/grading`] },
  {
    route: "/gradebook/[assessmentId]/grading/[assessmentProblemId]/[partId]",
    as: ["ta"],
    // The queue's own link to its first free-text part.
    paths: async (ids, page) => {
      await page.goto(`/gradebook/${ids.reasoningId}/grading`);
      const href = await page.getByRole("link", { name: "Grade next" }).first().getAttribute("href");
      return [href!];
    },
  },
  { route: "/gradebook/[assessmentId]/regrade", as: ["instructor"], paths: (ids) => [`/gradebook/${ids.section07Id}/regrade`] },
  {
    route: "/gradebook/[assessmentId]/students/[studentId]",
    as: ["ta"],
    paths: (ids) => [`/gradebook/${ids.section07Id}/students/${ids.studentId}`],
  },

  { route: "/author", as: ["instructor"], paths: () => ["/author"] },
  { route: "/author/lti", as: ["admin"], paths: () => ["/author/lti"] },
  { route: "/author/problems", as: ["instructor"], paths: () => ["/author/problems"] },
  { route: "/author/problems/new", as: ["instructor"], paths: (ids) => [`/author/problems/new?courseId=${ids.courseId}`] },
  { route: "/author/problems/import", as: ["instructor"], paths: (ids) => [`/author/problems/import?courseId=${ids.courseId}`] },
  { route: "/author/problems/[problemId]", as: ["instructor"], paths: (ids) => [`/author/problems/${ids.authoredProblemId}`] },
  { route: "/author/assessments/[assessmentId]", as: ["instructor"], paths: (ids) => [`/author/assessments/${ids.section07Id}`] },
  {
    route: "/author/courses/[courseId]/assessments/new",
    as: ["instructor"],
    paths: (ids) => [`/author/courses/${ids.courseId}/assessments/new`],
  },
  { route: "/author/courses/[courseId]/roster", as: ["instructor"], paths: (ids) => [`/author/courses/${ids.courseId}/roster`] },
  { route: "/author/courses/[courseId]/settings", as: ["instructor"], paths: (ids) => [`/author/courses/${ids.courseId}/settings`] },
];

/** Pages this spec does not open, each with the reason. */
const NOT_VISITED: { route: string; reason: string }[] = [];

test("every page in app/ is visited here, or left out with a reason", () => {
  const listed = [...VISITS.map((visit) => visit.route), ...NOT_VISITED.map((skip) => skip.route)].sort();
  expect(listed).toEqual(appRoutes());
  expect(NOT_VISITED.filter((skip) => skip.reason.trim().length < 10)).toEqual([]);
});

// ---- Shared set-up: one sign-in per role and one read of the ids per worker ----

const ADMIN = { email: `every-page-admin-${randomUUID()}@chainrule.test`, password: "every-page-admin-password" };
const AUTHORED_SLUG = `every-page-${randomUUID().slice(0, 8)}`;
const newId = () => `e2e${randomUUID().replaceAll("-", "")}`;

/** A site admin who also teaches the demo course: /author/lti is theirs. */
async function addAdmin(courseId: string): Promise<void> {
  const now = new Date();
  const userId = newId();
  await writeDb(
    `INSERT INTO "User" (id, email, name, "passwordHash", "isAdmin", "createdAt", "updatedAt") VALUES (?, ?, 'Addy Admin', ?, true, ?, ?)`,
    userId,
    ADMIN.email,
    bcrypt.hashSync(ADMIN.password, 10),
    now,
    now,
  );
  await writeDb(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", role, section, "createdAt") VALUES (?, ?, ?, 'INSTRUCTOR', '', ?)`,
    newId(),
    userId,
    courseId,
    now,
  );
}

/** An authored problem of the demo course, stored as the editor stores one (the document's text). */
async function addAuthoredProblem(courseId: string): Promise<string> {
  const example = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "grader", "bank", "examples", "two-layer-tanh.json"), "utf8"));
  const id = newId();
  await writeDb(
    `INSERT INTO "Problem" (id, slug, version, title, source, definition, "courseId", "createdAt") VALUES (?, ?, 1, ?, 'AUTHORED', ?, ?, ?)`,
    id,
    AUTHORED_SLUG,
    "A two-layer tanh network (every-page check)",
    JSON.stringify({ documentText: JSON.stringify({ ...example, slug: AUTHORED_SLUG }, null, 2) }),
    courseId,
    new Date(),
  );
  return id;
}

let idsOnce: Promise<PageIds> | undefined;
function pageIds(): Promise<PageIds> {
  idsOnce ??= (async () => {
    const { courseId, inviteCode, section07Id } = await demoIds();
    const assessmentId = (slug: string) => readDb<string>(`SELECT id FROM "Assessment" WHERE "courseId" = ? AND slug = ?`, courseId, slug);
    const sets = await Promise.all(
      DEMO_SETS.map(async (set) => ({
        slug: set.slug,
        assessmentId: await assessmentId(set.slug),
        slugs: set.problems.map((p) => p.slug),
      })),
    );
    sets.push({ slug: DEMO_POOL_QUIZ.slug, assessmentId: await assessmentId(DEMO_POOL_QUIZ.slug), slugs: [] });
    const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
    await addAdmin(courseId);
    return {
      courseId,
      inviteCode,
      section07Id,
      reasoningId: await assessmentId("reasoning"),
      sets,
      studentId: await readDb<string>(`SELECT id FROM "User" WHERE email = ?`, student.email),
      authoredProblemId: await addAuthoredProblem(courseId),
    };
  })();
  return idsOnce;
}

const ACCOUNTS: Record<Exclude<Role, "signed-out">, { email: string; password: string }> = {
  student: DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!,
  ta: DEMO_ACCOUNTS.find((a) => a.role === "TA")!,
  instructor: DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!,
  admin: ADMIN,
};

type StorageState = Awaited<ReturnType<BrowserContext["storageState"]>>;
const signedIn = new Map<Role, Promise<StorageState>>();

/** The role's cookies, from one sign-in per worker: each test opens its own context with them. */
function storageStateOf(browser: Browser, role: Role): Promise<StorageState> | undefined {
  if (role === "signed-out") return undefined;
  if (!signedIn.has(role)) {
    signedIn.set(
      role,
      (async () => {
        await pageIds(); // the admin exists from here on
        const context = await browser.newContext();
        const page = await context.newPage();
        await signIn(page, ACCOUNTS[role].email, ACCOUNTS[role].password);
        // bcrypt on a busy machine: the sign-in may take several seconds.
        await expect(page).not.toHaveURL(/\/signin/, { timeout: 30_000 });
        const state = await context.storageState();
        await context.close();
        return state;
      })(),
    );
  }
  return signedIn.get(role);
}

/** Opens the page, lets it settle (hydration, prefetches) and lists everything the three checks find. */
async function checkPage(page: Page, address: string, lands: RegExp | undefined): Promise<string[]> {
  const errors = watchForErrors(page);
  await page.goto(address);
  await page.waitForLoadState("networkidle");
  const expected = lands ?? new RegExp(`^${new URL(address, "http://x").pathname.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  const landed = new URL(page.url()).pathname;
  const problems = expected.test(landed) ? [] : [`landed on ${landed}: this role cannot open it, so the page went unchecked`];
  problems.push(...(await horizontalOverflow(page)), ...(await axeViolations(page)), ...errors);
  page.removeAllListeners();
  return problems.map((problem) => `${address}: ${problem}`);
}

for (const { name, viewport } of WIDTHS) {
  test.describe(`at ${viewport.width} px (${name})`, () => {
    for (const visit of VISITS) {
      for (const role of visit.as) {
        for (const group of visit.groups ?? [""]) {
          const title = `${visit.route}${group && ` (${group})`} as ${role}: no sideways scroll, no console error, no axe violation`;
          test(title, async ({ browser }) => {
            const ids = await pageIds();
            const context = await browser.newContext({ viewport, storageState: await storageStateOf(browser, role) });
            const page = await context.newPage();
            const addresses = await visit.paths(ids, page, group);
            // Each page takes seconds on a busy machine (load, settle, scan): the time grows with the addresses.
            test.setTimeout(PER_TEST_MS + addresses.length * PER_PAGE_MS);
            // Soft, per address: every page's findings are reported, not only the first page's.
            for (const address of addresses) expect.soft(await checkPage(page, address, visit.lands), address).toEqual([]);
            await context.close();
          });
        }
      }
    }
  });
}

test.describe("wide content", () => {
  test("the gradebook of Section 07's four problems fits a 1366 px screen; the student column stays put", async ({ browser }) => {
    const ids = await pageIds();
    const context = await browser.newContext({ viewport: WIDTHS[1].viewport, storageState: await storageStateOf(browser, "ta") });
    const page = await context.newPage();
    await page.goto(`/gradebook/${ids.section07Id}`);
    const grid = page.getByRole("region", { name: "Gradebook" });
    const { scrollWidth, clientWidth } = await grid.evaluate((box) => ({ scrollWidth: box.scrollWidth, clientWidth: box.clientWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    // A long title wraps (two lines at most); the whole of it is the sort link's name and its tooltip.
    const heading = page.getByRole("columnheader", { name: /One-hidden-layer network/ });
    await expect(heading.locator(".gb-problem-title")).toHaveAttribute("title", /^One-hidden-layer network/);
    expect(
      await page
        .getByRole("rowheader")
        .first()
        .evaluate((cell) => getComputedStyle(cell).position),
    ).toBe("sticky");
    await context.close();
  });

  test("on a phone, a table wider than the screen scrolls in a named region that takes focus", async ({ browser }) => {
    const ids = await pageIds();
    const context = await browser.newContext({ viewport: WIDTHS[0].viewport, storageState: await storageStateOf(browser, "student") });
    const page = await context.newPage();
    await page.goto(`/assessments/${ids.section07Id}`);
    const box = page.getByRole("region", { name: "Problems and scores" });
    await expect(box).toHaveAttribute("tabindex", "0");
    expect(await box.evaluate((element) => element.scrollWidth > element.clientWidth)).toBe(true);
    // At 1366 px the same table fits: no region, no extra tab stop.
    await page.setViewportSize(WIDTHS[1].viewport);
    await expect(page.getByRole("region", { name: "Problems and scores" })).toHaveCount(0);
    await context.close();
  });
});
