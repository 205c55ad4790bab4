// isUniqueViolation on real, migrated databases, for errors from Prisma.
// The direct driver path's errors are checked where they are made, in
// test/lib/db/direct-sql.test.ts.
import { isUniqueViolation, uniqueViolationFields } from "@/lib/db/unique-violation";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

describeEachDatabase("unique violations", (provider) => {
  const database = useTestDatabase(provider);

  it("recognises Prisma's refusal of a duplicate one-field key, and names the field", async () => {
    const { db } = database;
    const data = { email: "twice@chainrule.test", name: "T", passwordHash: "x" };
    await db.user.create({ data });
    const error = await db.user.create({ data }).catch((caught: unknown) => caught);
    expect(uniqueViolationFields(error)).toEqual(["email"]);
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, "email")).toBe(true);
    expect(isUniqueViolation(error, "name")).toBe(false);
  });

  it("names every field of a compound key, without PostgreSQL's quotes", async () => {
    const { db } = database;
    const course = await db.course.create({ data: { slug: "compound", title: "C" } });
    await db.assessment.create({ data: { courseId: course.id, slug: "a", title: "A" } });
    const error = await db.assessment
      .create({ data: { courseId: course.id, slug: "a", title: "A again" } })
      .catch((caught: unknown) => caught);
    expect(uniqueViolationFields(error)).toEqual(["courseId", "slug"]);
    expect(isUniqueViolation(error, "courseId")).toBe(true);
    expect(isUniqueViolation(error, "slug")).toBe(true);
  });

  it("does not take another database error for a unique violation", async () => {
    const { db } = database;
    const missing = await db.user.update({ where: { id: "nobody" }, data: { name: "N" } }).catch((caught: unknown) => caught);
    expect(isUniqueViolation(missing)).toBe(false);
  });
});

describe("isUniqueViolation on values that are no database error", () => {
  it("is false for a plain error whose text looks like a violation, and for non-errors", () => {
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: Submission.attempt"))).toBe(false);
    expect(isUniqueViolation(null)).toBe(false);
    expect(isUniqueViolation("P2002")).toBe(false);
  });

  it("names the fields from the index's name when PostgreSQL's detail is in another language", () => {
    // pg's DatabaseError as a server with lc_messages = 'de_DE' sends it.
    const error = Object.assign(new Error("doppelter Schlüsselwert verletzt Unique-Constraint"), {
      code: "23505",
      detail: 'Schlüssel »("variantId", attempt)=(v1, 1)« existiert bereits.',
      constraint: "Submission_variantId_attempt_key",
    });
    expect(uniqueViolationFields(error)).toEqual(["variantId", "attempt"]);
    expect(isUniqueViolation(error, "attempt")).toBe(true);
  });

  it("treats a violation whose fields the driver did not name as a violation on no named field", () => {
    const error = Object.assign(new Error("Unique constraint failed"), { code: "P2002" });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, "email")).toBe(false);
  });
});
