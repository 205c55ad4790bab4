import { expect, type Page } from "@playwright/test";
import bcrypt from "bcryptjs";
import { randomUUID } from "node:crypto";
import type { TestPlatform } from "../../lti/platform";
import { demoIds, readDb, writeDb } from "./demo-db";

// What the LTI browser specs share: an admin who registers the test LMS over
// the JSON API, the demo course linked to an LMS course, and reading one
// directive of a Content-Security-Policy.

/** A site admin with a password, written straight into the project's database; returns the credentials. */
export async function addLtiAdmin(label: string): Promise<{ id: string; email: string; password: string }> {
  const admin = {
    id: `e2e${randomUUID().replaceAll("-", "")}`,
    email: `${label}-${randomUUID()}@chainrule.test`,
    password: `${label}-password`,
  };
  const now = new Date().toISOString();
  await writeDb(
    `INSERT INTO "User" (id, email, name, "passwordHash", "isAdmin", "createdAt", "updatedAt") VALUES (?, ?, 'LTI Admin', ?, true, ?, ?)`,
    admin.id,
    admin.email,
    bcrypt.hashSync(admin.password, 10),
    now,
    now,
  );
  return admin;
}

/** The tool's LTI URLs on the server under test, as the LMS registers them. */
export const toolUrlsAt = (baseURL: string) => ({
  loginUrl: `${baseURL}/api/lti/login`,
  launchUrl: `${baseURL}/api/lti/launch`,
  jwksUrl: `${baseURL}/api/lti/jwks`,
});

/** Registers the platform over the JSON API as the signed-in admin; returns its id. */
export async function registerPlatform(page: Page, platform: TestPlatform, extra: { frameOrigins?: string[] } = {}): Promise<string> {
  const response = await page.request.post("/api/staff/lti/platforms", {
    data: {
      name: `Test ${platform.flavour} ${platform.origin}`,
      issuer: platform.issuer,
      clientId: platform.clientId,
      authLoginUrl: platform.authUrl,
      accessTokenUrl: platform.tokenUrl,
      jwksUrl: platform.jwksUrl,
      deploymentIds: [platform.deploymentId],
      ...extra,
    },
  });
  expect(response.status(), await response.text()).toBe(201);
  return ((await response.json()) as { platform: { id: string } }).platform.id;
}

/** Makes the user an instructor of the demo course: /author pages are for course staff. */
export async function enrolInDemoCourse(userId: string): Promise<void> {
  await writeDb(
    `INSERT INTO "Enrollment" (id, "userId", "courseId", role, section, "createdAt") VALUES (?, ?, ?, 'INSTRUCTOR', '', ?)`,
    `e2e${randomUUID().replaceAll("-", "")}`,
    userId,
    (await demoIds()).courseId,
    new Date().toISOString(),
  );
}

/** Links the platform's course to the demo course (the course-linking page's work, done in the database). */
export async function linkToDemoCourse(platformId: string, platform: TestPlatform, contextId: string): Promise<void> {
  const deploymentRowId = await readDb<string>(
    `SELECT id FROM "LtiDeployment" WHERE "platformId" = ? AND "deploymentId" = ?`,
    platformId,
    platform.deploymentId,
  );
  const now = new Date().toISOString();
  await writeDb(
    `INSERT INTO "LtiCourseLink" (id, "platformId", "deploymentId", "contextId", "courseId", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?, ?)`,
    `e2e${randomUUID().replaceAll("-", "")}`,
    platformId,
    deploymentRowId,
    platform.profile.contextClaimId(contextId),
    (await demoIds()).courseId,
    now,
    now,
  );
}

/** One directive of a Content-Security-Policy, e.g. "frame-ancestors https://lms.example.edu". */
export function cspDirective(policy: string, name: string): string {
  return (
    policy
      .split(";")
      .map((part) => part.trim())
      .find((part) => part.startsWith(`${name} `)) ?? ""
  );
}

/** Collects the page's (and its frames') console reports of a Content-Security-Policy violation. */
export function watchCspViolations(page: Page): string[] {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to (frame|send form|load|execute)/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}
