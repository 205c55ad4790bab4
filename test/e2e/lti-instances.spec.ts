import { expect, test, type Page } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { DatabaseTarget } from "../../lib/db/provider";
import { createEmptyTarget, postgresAdminUrl, POSTGRES_ENV } from "../harness/test-database";
import {
  hasExited,
  killAppServer,
  prepareLoadCourse,
  startAppServer,
  stopAppServer,
  waitForHealth,
  type LoadCourse,
} from "../harness/app-server";
import { startPlatform, type PlatformUser, type TestPlatform } from "../lti/platform";
import { answerInFrame, emptyRow, expectScoreArrives, gradebookRow } from "./support/lti-scores";
import { E2E_PORT } from "./support/server-settings";

// An LTI launch across two app instances on one PostgreSQL, as behind a load
// balancer: the login initiation reaches instance A, which stores the state
// and nonce; the launch reaches instance B, which must find them in the
// database (nothing of a launch lives in a process's memory). The balancer
// here sends /api/lti/login to A and everything else to B, so that the split
// is certain rather than left to chance.
// Then the score (issue 23): both instances run the LMS score sender on the
// one outbox; a student answers on one instance and the platform's gradebook
// receives the score exactly once; and when the instance sending a score
// dies mid-send, holding its lease, another delivers it once the lease lapses, once.

const PORT_A = E2E_PORT + 2;
const PORT_B = E2E_PORT + 3;
const PORT_BALANCER = E2E_PORT + 4;
const BALANCER = `http://127.0.0.1:${PORT_BALANCER}`;

test.describe.configure({ mode: "serial" });
test.skip(!postgresAdminUrl(), `set ${POSTGRES_ENV} to run the several-instances LTI test on PostgreSQL`);

let course: LoadCourse;
let drop: () => Promise<void>;
let platform: TestPlatform;
let balancer: Server;
const servers: ChildProcess[] = [];
/** Each request the balancer passed on: which instance, which path. */
const routed: { instance: "A" | "B"; method: string; path: string }[] = [];
type Route = (path: string) => "A" | "B";
/** Where the balancer sends a request; each test sets its own split. */
let route: Route = (path) => (path.startsWith("/api/lti/login") ? "A" : "B");

function startBalancer(): Promise<Server> {
  const server = createServer((req, res) => {
    const instance = route(req.url!);
    routed.push({ instance, method: req.method!, path: req.url!.split("?")[0] });
    const upstream = httpRequest(
      { host: "127.0.0.1", port: instance === "A" ? PORT_A : PORT_B, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode!, answer.rawHeaders);
        answer.pipe(res);
      },
    );
    upstream.on("error", () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  return new Promise((resolve) => server.listen(PORT_BALANCER, "127.0.0.1", () => resolve(server)));
}

/** The database both instances share. */
let target: DatabaseTarget;

const INSTANCE_ENV = {
  NEXTAUTH_URL: BALANCER,
  CHAINRULE_LTI_KEY_SECRET: "e2e-only-lti-key-secret-0123456789abcdefghijkl",
  // The score sender looks every second, retries after 0.2 s (doubling) and
  // a dead instance's lease lapses after 3 s (production: 5 s, 2 s, 60 s),
  // so that a lease left by the instance killed below lapses in seconds.
  CHAINRULE_LTI_SCORE_POLL_MS: "1000",
  CHAINRULE_LTI_SCORE_BACKOFF_BASE_MS: "200",
  CHAINRULE_LTI_SCORE_LEASE_MS: "3000",
};

/** An app instance on the shared database, as behind the balancer. */
function startInstance(port: number): ChildProcess {
  return startAppServer({ target, port, env: INSTANCE_ENV });
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const created = await createEmptyTarget("postgresql");
  drop = created.drop;
  target = created.target;
  course = await prepareLoadCourse(created.target, 0);
  platform = await startPlatform({
    flavour: "canvas",
    tool: { loginUrl: `${BALANCER}/api/lti/login`, launchUrl: `${BALANCER}/api/lti/launch`, jwksUrl: `${BALANCER}/api/lti/jwks` },
  });
  const registered = await course.db.ltiPlatform.create({
    data: {
      name: "Canvas behind two instances",
      issuer: platform.issuer,
      clientId: platform.clientId,
      authLoginUrl: platform.authUrl,
      accessTokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deployments: { create: [{ deploymentId: platform.deploymentId }] },
    },
    include: { deployments: true },
  });
  const lmsCourse = platform.addContext({ id: "shared-course", label: "DL101", title: "Deep learning maths" });
  const assessment = await course.db.assessment.findUniqueOrThrow({ where: { id: course.assessmentId } });
  // The LMS course linked to the demo course, as deep linking would link it.
  await course.db.ltiCourseLink.create({
    data: {
      platformId: registered.id,
      deploymentId: registered.deployments[0].id,
      contextId: platform.profile.contextClaimId(lmsCourse.id),
      courseId: assessment.courseId,
    },
  });
  servers.push(startInstance(PORT_A), startInstance(PORT_B));
  await Promise.all([waitForHealth(PORT_A, 120_000), waitForHealth(PORT_B, 120_000)]);
  balancer = await startBalancer();
});

test.afterAll(async () => {
  await Promise.all(servers.map((server) => stopAppServer(server)));
  await new Promise((resolve) => balancer?.close(resolve));
  await platform?.close();
  await course?.db.$disconnect();
  await drop?.();
});

test("a launch whose login reaches instance A and whose launch reaches instance B lands the student inside the iframe", async ({
  page,
}) => {
  // The first page each cold instance renders takes long on a loaded machine.
  test.setTimeout(150_000);
  const lmsCourse = platform.context("shared-course");
  const student = platform.addUser({ name: "Grace Hopper" });
  platform.enrol(lmsCourse, student, "learner");
  const assessment = await course.db.assessment.findUniqueOrThrow({ where: { id: course.assessmentId } });
  const link = platform.addResourceLink({
    context: lmsCourse,
    title: assessment.title,
    custom: { chainrule_target: `assessment:${assessment.slug}` },
  });

  await page.goto(platform.coursePageUrl({ context: lmsCourse, resourceLink: link, user: student }));
  const frame = page.frameLocator('iframe[name="tool_content"]');
  await expect(frame.getByRole("heading", { level: 1 })).toContainText(assessment.title, { timeout: 120_000 });
  expect(routed.filter((r) => r.path === "/api/lti/login").map((r) => r.instance)).toEqual(["A"]);
  expect(routed.filter((r) => r.path === "/api/lti/launch").map((r) => r.instance)).toEqual(["B"]);
  expect(routed.some((r) => r.instance === "B" && r.path === `/assessments/${assessment.id}`)).toBe(true);
  // The student exists once, made by instance B from the launch.
  expect(await course.db.ltiUserLink.count({ where: { subject: student.sub } })).toBe(1);
});

/** A teacher of the shared LMS course, who sees its gradebook. */
let teacher: PlatformUser | undefined;

/** A new student of the shared course with a new link to section 7 (its own gradebook column, out of the assessment's points). */
async function newStudentAndLink(name: string) {
  const lmsCourse = platform.context("shared-course");
  if (!teacher) {
    teacher = platform.addUser({ name: "Tess Teacher" });
    platform.enrol(lmsCourse, teacher, "instructor");
  }
  const student = platform.addUser({ name });
  platform.enrol(lmsCourse, student, "learner");
  const section07 = await course.db.assessment.findFirstOrThrow({
    where: {
      slug: "section-07",
      courseId: (await course.db.assessment.findUniqueOrThrow({ where: { id: course.assessmentId } })).courseId,
    },
    include: { problems: { select: { points: true } } },
  });
  const scoreMaximum = section07.problems.reduce((sum, placement) => sum + placement.points, 0);
  const link = platform.addResourceLink({
    context: lmsCourse,
    title: `Section 7 for ${name}`,
    custom: { chainrule_target: "assessment:section-07" },
    lineItem: { scoreMaximum },
  });
  return { student, link, lineItem: platform.lineItems({ resourceLinkId: link.id })[0], section07 };
}

/** Score rows not finished with (pending, retrying, being sent) for the student's LMS identity in a gradebook column (or in any). */
async function unsentScores(student: PlatformUser, lineItemUrl?: string): Promise<number> {
  return course.db.ltiScoreOutbox.count({
    where: {
      state: { in: ["PENDING", "SENDING"] },
      ...(lineItemUrl === undefined ? {} : { lineItem: { lineItemUrl } }),
      user: { ltiIdentities: { some: { subject: student.sub, issuer: platform.issuer } } },
    },
  });
}

async function openGradebook(page: Page): Promise<Page> {
  const gradebook = await page.context().newPage();
  await gradebook.goto(platform.gradebookUrl({ context: platform.context("shared-course"), user: teacher! }));
  return gradebook;
}

test("launched through instance A and answered on instance B, the score reaches the LMS gradebook exactly once while both instances send", async ({
  page,
}) => {
  test.setTimeout(120_000);
  route = (path) => (path.startsWith("/api/lti/") ? "A" : "B");
  const { student, link, lineItem, section07 } = await newStudentAndLink("Hedy Lamarr");
  await page.goto(platform.coursePageUrl({ context: platform.context("shared-course"), resourceLink: link, user: student }));
  await expect(page.frameLocator('iframe[name="tool_content"]').getByRole("heading", { level: 1 })).toContainText(section07.title, {
    timeout: 30_000,
  });
  const progress = await answerInFrame(page, BALANCER, section07.id);
  expect(routed.filter((r) => r.path === "/api/lti/launch").at(-1)?.instance).toBe("A");
  expect(routed.some((r) => r.instance === "B" && r.method === "POST" && r.path.includes("/submissions"))).toBe(true);

  const gradebook = await openGradebook(page);
  await expectScoreArrives(gradebook, link.title, student, progress);
  await expect.poll(() => unsentScores(student, lineItem.url)).toBe(0);
  expect(platform.scores.filter((score) => score.userId === student.sub && score.lineItemId === lineItem.id)).toEqual([
    expect.objectContaining({ lineItemId: lineItem.id, scoreGiven: progress.earned, scoreMaximum: progress.possible }),
  ]);
});

/** When one of the student's score rows is being sent, the expiry of the sender's lease on it. */
async function leaseOfScoreBeingSent(student: PlatformUser): Promise<Date | null | undefined> {
  const row = await course.db.ltiScoreOutbox.findFirst({
    where: { state: "SENDING", user: { ltiIdentities: { some: { subject: student.sub, issuer: platform.issuer } } } },
    select: { leaseExpiresAt: true },
  });
  return row?.leaseExpiresAt;
}

/** The student's id in a score post's body. */
const scoredUser = (post: { body: unknown }) => (post.body as { userId?: unknown } | null)?.userId;

test("the instance sending a score dies mid-send, holding its lease; once the lease lapses another instance delivers the score, once", async ({
  page,
}) => {
  test.setTimeout(240_000);
  // B runs alone while the score is first sent, so that the lease and the post in flight are certainly B's.
  await stopAppServer(servers[0]);
  expect(hasExited(servers[0])).toBe(true);
  route = () => "B";
  const { student, link, lineItem, section07 } = await newStudentAndLink("Katherine Johnson");
  // Section 7 may have other columns in this course (an earlier test's link): the student's score goes to each.
  const held = () => platform.heldScorePosts.filter((post) => scoredUser(post) === student.sub);
  // The LMS takes B's score post and does not answer: B stays mid-send (its fetch gives up after 15 s).
  platform.holdScores();
  try {
    await page.goto(platform.coursePageUrl({ context: platform.context("shared-course"), resourceLink: link, user: student }));
    await expect(page.frameLocator('iframe[name="tool_content"]').getByRole("heading", { level: 1 })).toContainText(section07.title, {
      timeout: 30_000,
    });
    const progress = await answerInFrame(page, BALANCER, section07.id);
    // B sends one score at a time: the first waits for its answer, the others for it.
    await expect.poll(() => held().length, { timeout: 10_000 }).toBe(1);
    const lease = await leaseOfScoreBeingSent(student);
    expect(lease, "B's lease on the score row it is sending").toBeInstanceOf(Date);

    // B dies at once, no shutdown, with its children (next start serves from one).
    expect(await killAppServer(servers[1])).toBe("killed");
    // The post in flight was B's: its connection died with B, unanswered, and the LMS stored nothing.
    await expect.poll(() => held()[0].abandoned).toBe(true);
    const gradebook = await openGradebook(page);
    expect(await gradebookRow(gradebook, link.title, student)).toEqual(emptyRow(student));
    expect(await unsentScores(student, lineItem.url)).toBe(1);
    platform.releaseScores();

    // Another instance (A, started afresh) finds the row under B's lapsed lease and sends it.
    servers[0] = startInstance(PORT_A);
    await waitForHealth(PORT_A, 120_000);
    route = () => "A";
    await expectScoreArrives(gradebook, link.title, student, progress);
    await expect.poll(() => unsentScores(student)).toBe(0);
    const answered = platform.scorePosts.filter((post) => scoredUser(post) === student.sub);
    expect(answered.map((post) => post.status)).toEqual(answered.map(() => 200));
    // The lease covers only the row B was sending (its column); another column's row was never leased and may go at once.
    const leasedColumn = answered.filter((post) => post.url === held()[0].url);
    expect(leasedColumn).toHaveLength(1);
    expect(leasedColumn[0].at.getTime()).toBeGreaterThanOrEqual(lease!.getTime());
    const received = platform.scores.filter((score) => score.userId === student.sub);
    // Once in each column: none doubled.
    expect(new Set(received.map((score) => score.lineItemId)).size).toBe(received.length);
    expect(received.filter((score) => score.lineItemId === lineItem.id)).toEqual([
      expect.objectContaining({ lineItemId: lineItem.id, scoreGiven: progress.earned, scoreMaximum: progress.possible }),
    ]);
  } finally {
    platform.releaseScores();
  }
});
