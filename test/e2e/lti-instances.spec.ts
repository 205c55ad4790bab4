import { expect, test } from "@playwright/test";
import type { ChildProcess } from "node:child_process";
import { createServer, request as httpRequest, type Server } from "node:http";
import { createEmptyTarget, postgresAdminUrl, POSTGRES_ENV } from "../harness/test-database";
import { prepareLoadCourse, startAppServer, stopAppServer, waitForHealth, type LoadCourse } from "../harness/app-server";
import { startPlatform, type TestPlatform } from "../lti/platform";
import { E2E_PORT } from "./support/server-settings";

// An LTI launch across two app instances on one PostgreSQL, as behind a load
// balancer: the login initiation reaches instance A, which stores the state
// and nonce; the launch reaches instance B, which must find them in the
// database (nothing of a launch lives in a process's memory). The balancer
// here sends /api/lti/login to A and everything else to B, so that the split
// is certain rather than left to chance.

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

function startBalancer(): Promise<Server> {
  const server = createServer((req, res) => {
    const instance = req.url!.startsWith("/api/lti/login") ? "A" : "B";
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

test.beforeAll(async () => {
  test.setTimeout(240_000);
  const created = await createEmptyTarget("postgresql");
  drop = created.drop;
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
  const env = { NEXTAUTH_URL: BALANCER, CHAINRULE_LTI_KEY_SECRET: "e2e-only-lti-key-secret-0123456789abcdefghijkl" };
  servers.push(startAppServer({ target: created.target, port: PORT_A, env }));
  servers.push(startAppServer({ target: created.target, port: PORT_B, env }));
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
  await expect(frame.getByRole("heading", { level: 1 })).toContainText(assessment.title);
  expect(routed.filter((r) => r.path === "/api/lti/login").map((r) => r.instance)).toEqual(["A"]);
  expect(routed.filter((r) => r.path === "/api/lti/launch").map((r) => r.instance)).toEqual(["B"]);
  expect(routed.some((r) => r.instance === "B" && r.path === `/assessments/${assessment.id}`)).toBe(true);
  // The student exists once, made by instance B from the launch.
  expect(await course.db.ltiUserLink.count({ where: { subject: student.sub } })).toBe(1);
});
