import { ltiRightsOf } from "@/lib/lti/permissions";
import { createPlatform, deletePlatform, getPlatform, listPlatforms, updatePlatform } from "@/lib/lti/platforms";
import { platformRegistrationSchema } from "@/lib/lti/requests";
import { registeredFrameOrigins } from "@/lib/lti/frame-origins";
import { setSiteRight } from "@/lib/admin/grant-rights";
import { createCourseFixture } from "../../support/course-fixture";
import { createTestDatabase, describeEachDatabase, type TestDatabase } from "@/test/harness/test-database";

// Registering LMS platforms: who may, what is accepted, and the audit trail.

const registration = (overrides: Record<string, unknown> = {}) =>
  platformRegistrationSchema.parse({
    name: "University Canvas",
    issuer: "https://canvas.instructure.com",
    clientId: `1000000000${Math.floor(Math.random() * 1e6)}`,
    authLoginUrl: "https://sso.canvaslms.com/api/lti/authorize_redirect",
    accessTokenUrl: "https://sso.canvaslms.com/login/oauth2/token",
    jwksUrl: "https://sso.canvaslms.com/api/lti/security/jwks",
    deploymentIds: ["1:abc"],
    ...overrides,
  });

/** The fields a 400 would name for this body. */
function invalidFields(body: Record<string, unknown>): string[] {
  const result = platformRegistrationSchema.safeParse(body);
  return result.success ? [] : result.error.issues.map((issue) => issue.path.join("."));
}

describe("platformRegistrationSchema", () => {
  const valid = {
    issuer: "https://moodle.example.edu",
    clientId: "abc",
    authLoginUrl: "https://moodle.example.edu/mod/lti/auth.php",
    accessTokenUrl: "https://moodle.example.edu/mod/lti/token.php",
    jwksUrl: "https://moodle.example.edu/mod/lti/certs.php",
    deploymentIds: ["1"],
  };

  it("accepts https addresses, and http only to localhost or 127.0.0.1", () => {
    expect(invalidFields(valid)).toEqual([]);
    expect(invalidFields({ ...valid, jwksUrl: "http://127.0.0.1:4000/jwks", authLoginUrl: "http://localhost:4000/auth" })).toEqual([]);
    expect(invalidFields({ ...valid, jwksUrl: "http://moodle.example.edu/certs.php" })).toEqual(["jwksUrl"]);
    expect(invalidFields({ ...valid, accessTokenUrl: "ftp://moodle.example.edu/token" })).toEqual(["accessTokenUrl"]);
    expect(invalidFields({ ...valid, authLoginUrl: "not a url" })).toEqual(["authLoginUrl"]);
  });

  it("names an empty issuer or client id, and a missing, empty or repeated deployment id", () => {
    expect(invalidFields({ ...valid, issuer: " " })).toEqual(["issuer"]);
    expect(invalidFields({ ...valid, clientId: "" })).toEqual(["clientId"]);
    expect(invalidFields({ ...valid, deploymentIds: [] })).toEqual(["deploymentIds"]);
    expect(invalidFields({ ...valid, deploymentIds: [""] })).toEqual(["deploymentIds.0"]);
    expect(invalidFields({ ...valid, deploymentIds: ["1", "1"] })).toEqual(["deploymentIds"]);
  });

  it("accepts LMS web addresses as bare origins, stored without a trailing slash", () => {
    const parsed = platformRegistrationSchema.parse({
      ...valid,
      frameOrigins: [" https://school.instructure.com/ ", "http://127.0.0.1:4100", "https://lms.example.edu:8443"],
    });
    expect(parsed.frameOrigins).toEqual(["https://school.instructure.com", "http://127.0.0.1:4100", "https://lms.example.edu:8443"]);
    expect(platformRegistrationSchema.parse(valid).frameOrigins).toEqual([]);
  });

  it("names each LMS web address that is not https, has a path, query or user name, or is listed twice", () => {
    expect(invalidFields({ ...valid, frameOrigins: ["http://school.instructure.com"] })).toEqual(["frameOrigins.0"]);
    expect(invalidFields({ ...valid, frameOrigins: ["https://a.example.edu", "https://school.instructure.com/courses/1"] })).toEqual([
      "frameOrigins.1",
    ]);
    expect(invalidFields({ ...valid, frameOrigins: ["https://school.instructure.com/?x=1"] })).toEqual(["frameOrigins.0"]);
    expect(invalidFields({ ...valid, frameOrigins: ["https://user@school.instructure.com"] })).toEqual(["frameOrigins.0"]);
    expect(invalidFields({ ...valid, frameOrigins: ["school.instructure.com"] })).toEqual(["frameOrigins.0"]);
    expect(invalidFields({ ...valid, frameOrigins: ["javascript:alert(1)"] })).toEqual(["frameOrigins.0"]);
    expect(invalidFields({ ...valid, frameOrigins: ["https://a.example.edu", "https://a.example.edu/"] })).toEqual(["frameOrigins"]);
    expect(invalidFields({ ...valid, frameOrigins: "https://a.example.edu" })).toEqual(["frameOrigins"]);
    const message = platformRegistrationSchema.safeParse({ ...valid, frameOrigins: ["https://school.instructure.com/courses/1"] }).error
      ?.issues[0].message;
    expect(message).toBe(
      '"https://school.instructure.com/courses/1" must be the LMS\'s address alone, without a path, query or user name: give https://school.instructure.com',
    );
  });

  it("refuses fields it does not know", () => {
    expect(invalidFields({ ...valid, isAdmin: true })).toEqual([""]);
  });
});

describeEachDatabase("platform registrations", (provider) => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => testDb?.destroy());

  async function registrars() {
    const { db } = testDb;
    const { course, addUser } = await createCourseFixture(db);
    const [admin, instructor, other, student] = [
      await addUser("INSTRUCTOR"),
      await addUser("INSTRUCTOR"),
      await addUser("INSTRUCTOR"),
      await addUser("STUDENT"),
    ];
    await setSiteRight(db, admin.email, "admin", true);
    await setSiteRight(db, instructor.email, "lti-registrar", true);
    await setSiteRight(db, other.email, "lti-registrar", true);
    await setSiteRight(db, student.email, "lti-registrar", true);
    const asUser = (u: { id: string; email: string; name: string }) => ({
      ...u,
      memberships: [] as { courseId: string; role: "STUDENT" | "TA" | "INSTRUCTOR" }[],
    });
    const member = (u: { id: string; email: string; name: string }, role: "STUDENT" | "INSTRUCTOR") => ({
      ...asUser(u),
      memberships: [{ courseId: course.id, role }],
    });
    return {
      admin: (await ltiRightsOf(db, member(admin, "INSTRUCTOR")))!,
      instructor: (await ltiRightsOf(db, member(instructor, "INSTRUCTOR")))!,
      other: (await ltiRightsOf(db, member(other, "INSTRUCTOR")))!,
      studentRights: await ltiRightsOf(db, member(student, "STUDENT")),
      plainInstructorRights: await ltiRightsOf(db, member(await addUser("INSTRUCTOR"), "INSTRUCTOR")),
    };
  }

  it("lets admins and instructors with the right register, and nobody else", async () => {
    const { admin, instructor, studentRights, plainInstructorRights } = await registrars();
    expect(admin.isAdmin).toBe(true);
    expect(instructor.isAdmin).toBe(false);
    expect(studentRights).toBeNull();
    expect(plainInstructorRights).toBeNull();
  });

  it("creates, lists, replaces and deletes a registration, each change in the audit log", async () => {
    const { db } = testDb;
    const { instructor, other, admin } = await registrars();
    const created = await createPlatform(db, instructor, registration({ deploymentIds: ["1:abc", "2:def"] }));
    expect(created).toMatchObject({ name: "University Canvas", deploymentIds: ["1:abc", "2:def"], createdById: instructor.user.id });

    expect((await listPlatforms(db, instructor)).map((p) => p.id)).toContain(created.id);
    expect((await listPlatforms(db, other)).map((p) => p.id)).not.toContain(created.id);
    expect((await listPlatforms(db, admin)).map((p) => p.id)).toContain(created.id);
    await expect(getPlatform(db, other, created.id)).rejects.toMatchObject({ code: "NOT_FOUND" });

    const updated = await updatePlatform(
      db,
      admin,
      created.id,
      registration({ clientId: created.clientId, name: "Renamed", deploymentIds: ["2:def", "3:ghi"] }),
    );
    expect(updated).toMatchObject({ name: "Renamed", deploymentIds: ["2:def", "3:ghi"] });

    await expect(deletePlatform(db, other, created.id)).rejects.toMatchObject({ code: "NOT_FOUND" });
    await deletePlatform(db, instructor, created.id);
    expect(await db.ltiPlatform.findUnique({ where: { id: created.id } })).toBeNull();
    expect(await db.ltiDeployment.count({ where: { platformId: created.id } })).toBe(0);

    const audit = await db.auditLog.findMany({ where: { entityType: "LtiPlatform", entityId: created.id }, orderBy: { createdAt: "asc" } });
    expect(audit.map((a) => [a.action, a.actorId])).toEqual([
      ["lti.platform.create", instructor.user.id],
      ["lti.platform.update", admin.user.id],
      ["lti.platform.delete", instructor.user.id],
    ]);
    expect(audit[1].before).toMatchObject({ name: "University Canvas" });
    expect(audit[1].after).toMatchObject({ name: "Renamed" });
  });

  it("stores, replaces and audits the LMS web addresses, and the pages' frame-ancestors follow them", async () => {
    const { db } = testDb;
    const { admin } = await registrars();
    const created = await createPlatform(db, admin, registration({ frameOrigins: ["https://school.instructure.com"] }));
    expect(created.frameOrigins).toEqual(["https://school.instructure.com"]);
    expect(await registeredFrameOrigins(db)).toEqual(
      expect.arrayContaining(["https://sso.canvaslms.com", "https://school.instructure.com"]),
    );

    const updated = await updatePlatform(
      db,
      admin,
      created.id,
      registration({ clientId: created.clientId, frameOrigins: ["https://other.instructure.com"] }),
    );
    expect((await getPlatform(db, admin, created.id)).frameOrigins).toEqual(["https://other.instructure.com"]);
    expect(updated.frameOrigins).toEqual(["https://other.instructure.com"]);
    const origins = await registeredFrameOrigins(db);
    expect(origins).toContain("https://other.instructure.com");
    expect(origins).not.toContain("https://school.instructure.com");

    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: created.id, action: "lti.platform.update" } });
    expect(audit.before).toMatchObject({ frameOrigins: ["https://school.instructure.com"] });
    expect(audit.after).toMatchObject({ frameOrigins: ["https://other.instructure.com"] });

    await deletePlatform(db, admin, created.id);
    expect(await registeredFrameOrigins(db)).not.toContain("https://other.instructure.com");
  });

  it("refuses a second registration of the same issuer and client id with a 409 naming clientId, storing nothing", async () => {
    const { db } = testDb;
    const { admin } = await registrars();
    const first = await createPlatform(db, admin, registration());
    const count = await db.ltiPlatform.count();
    await expect(createPlatform(db, admin, registration({ clientId: first.clientId }))).rejects.toMatchObject({
      code: "CONFLICT",
      details: { fields: [{ path: "clientId" }] },
    });
    expect(await db.ltiPlatform.count()).toBe(count);
  });

  it("keeps a deployment with linked courses: removing it is a 409 and changes nothing", async () => {
    const { db } = testDb;
    const { admin } = await registrars();
    const platform = await createPlatform(db, admin, registration({ deploymentIds: ["1:abc", "2:def"] }));
    const deployment = await db.ltiDeployment.findFirstOrThrow({ where: { platformId: platform.id, deploymentId: "1:abc" } });
    const course = await db.course.create({ data: { slug: `linked-${platform.id}`, title: "Linked" } });
    await db.ltiCourseLink.create({
      data: { platformId: platform.id, deploymentId: deployment.id, contextId: "ctx", courseId: course.id },
    });
    await expect(
      updatePlatform(db, admin, platform.id, registration({ clientId: platform.clientId, name: "Changed", deploymentIds: ["2:def"] })),
    ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringContaining('"1:abc"') });
    expect(await getPlatform(db, admin, platform.id)).toMatchObject({ name: "University Canvas", deploymentIds: ["1:abc", "2:def"] });
  });
});
