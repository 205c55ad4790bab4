import { execFile } from "node:child_process";
import path from "node:path";
import { exportDocument, importDocument } from "@/grader/authoring";
import { documentOfStoredDefinition, variantFromStored } from "@/grader/stored";
import { publishProblem } from "@/lib/authoring/publish-problem";
import { exportAuthoredProblem } from "@/lib/authoring/export-authored-problem";
import { getAuthoredProblem } from "@/lib/authoring/get-authored-problem";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import type { DatabaseTarget } from "@/lib/db/provider";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor } from "../gradebook/staff-fixture";
import { asText, commentedLinearLayerYaml } from "./documents";

// Issue 25: the text an author publishes is kept and exported byte for byte;
// the canonical form is what grading and "nothing changed" use.

const ROOT = path.resolve(__dirname, "..", "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

let slugCounter = 0;
const freshSlug = () => `kept-${Date.now().toString(36)}-${slugCounter++}`;

/** `npm run problems -- export …` against the test's database; stdout as raw bytes. */
function problemsExport(target: DatabaseTarget, args: string[]): Promise<{ code: number; stdout: Buffer; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      TSX,
      [path.join("scripts", "problems", "cli.ts"), "export", ...args],
      { cwd: ROOT, encoding: "buffer", env: { ...process.env, DATABASE_PROVIDER: target.provider, DATABASE_URL: target.url } },
      (error, stdout, stderr) =>
        resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr: stderr.toString("utf8") }),
    );
  });
}

// Each CLI run starts tsx and a database client: seconds, more on a busy machine.
jest.setTimeout(180_000);

describeEachDatabase("the author's text of a published version", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const db = testDb.db;
    const fixture = await createCourseFixture(db);
    const instructor = await actorFor(db, await fixture.addUser("INSTRUCTOR"));
    const publish = (text: string, format?: "json" | "yaml") =>
      publishProblem({ db, actor: instructor, courseId: fixture.course.id, text, format });
    return { db, ...fixture, instructor, publish };
  }

  it("exports a commented, compact YAML document with CRLF and non-ASCII text byte for byte, from the library and the CLI", async () => {
    const { db, instructor, publish } = await setUp();
    const slug = freshSlug();
    const text = commentedLinearLayerYaml(slug);
    const published = await publish(text, "yaml");

    const asPublished = await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId });
    expect(asPublished).toMatchObject({ form: "as-published", format: "yaml", note: null, fileName: `${slug}.v1.yaml` });
    expect(Buffer.from(asPublished.text, "utf8").equals(Buffer.from(text, "utf8"))).toBe(true);
    // Asking for YAML by name is the same file.
    expect((await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId, format: "yaml" })).text).toBe(text);

    const cli = await problemsExport(testDb.target, [slug, "--version", "1"]);
    expect({ code: cli.code, stderr: cli.stderr }).toEqual({ code: 0, stderr: "" });
    expect(cli.stdout.equals(Buffer.from(text, "utf8"))).toBe(true);

    // The editor opens the author's text.
    const opened = await getAuthoredProblem({ db, actor: instructor, problemId: published.problemId });
    expect(opened.published.authorText).toBe(text);
  });

  it("gives JSON as the canonical form, saying so, since comments and layout cannot carry over", async () => {
    const { db, instructor, publish } = await setUp();
    const slug = freshSlug();
    const text = commentedLinearLayerYaml(slug);
    const published = await publish(text, "yaml");
    const canonical = exportDocument({ ...importDocument(text, "yaml"), version: 1 }, "json");

    const json = await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId, format: "json" });
    expect(json).toMatchObject({ form: "canonical", format: "json", fileName: `${slug}.v1.json`, text: canonical });
    expect(json.note).toBe("version 1 was published as YAML; this is its canonical form in JSON");
    expect(JSON.parse(json.text).variables.x.distribution).toEqual({ kind: "integers", min: -3, max: 3 });

    const cli = await problemsExport(testDb.target, [slug, "--format", "json"]);
    expect(cli.code).toBe(0);
    expect(cli.stdout.toString("utf8")).toBe(canonical);
    expect(cli.stderr).toBe("problems: version 1 was published as YAML; this is its canonical form in JSON\n");
  });

  it("exports a version published before authors' texts were kept as its canonical form, and says so", async () => {
    const { db, instructor, publish } = await setUp();
    const slug = freshSlug();
    const published = await publish(commentedLinearLayerYaml(slug), "yaml");
    // What the migration leaves on rows published before it.
    await db.problem.update({ where: { id: published.problemId }, data: { authorText: null, authorFormat: null } });
    const row = await db.problem.findUniqueOrThrow({ where: { id: published.problemId } });
    const canonicalYaml = exportDocument(documentOfStoredDefinition(row.definition) as never, "yaml");

    const exported = await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId });
    expect(exported).toMatchObject({
      form: "canonical",
      format: "yaml",
      text: canonicalYaml,
      note: "version 1 was published before authors' texts were kept; this is its canonical form",
    });
    expect(exported.text).not.toContain("#");
    expect(exported.text).not.toContain("\r\n");
    const cli = await problemsExport(testDb.target, [slug]);
    expect(cli.stdout.toString("utf8")).toBe(canonicalYaml);
    expect(cli.stderr).toMatch(/before authors' texts were kept/);
  });

  it("makes no new version for the same text, nor for the same problem only reformatted, and names which it was", async () => {
    const { db, publish } = await setUp();
    const slug = freshSlug();
    const text = commentedLinearLayerYaml(slug);
    await publish(text, "yaml");
    await expect(publish(text, "yaml")).rejects.toMatchObject({
      code: "CONFLICT",
      message: `Nothing changed since version 1 of "${slug}": it is already published.`,
    });
    // The same problem in JSON without a comment: the canonical forms are equal.
    const reformatted = asText({ ...importDocument(text, "yaml") });
    await expect(publish(reformatted, "json")).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/Nothing changed since version 1 of "[^"]+": only the layout or comments differ/),
    });
    expect(await db.problem.count({ where: { slug } })).toBe(1);
    // A change to what is graded is a new version, whose own text is kept.
    const changed = text.replace("points: 2,", "points: 3,");
    const second = await publish(changed, "yaml");
    expect(second.version).toBe(2);
    expect((await db.problem.findUniqueOrThrow({ where: { id: second.problemId } })).authorText).toBe(changed);
  });

  it("grades from the canonical form of the stored document", async () => {
    const { db, publish, addUser, assessment } = await setUp();
    const slug = freshSlug();
    const published = await publish(commentedLinearLayerYaml(slug), "yaml");
    await db.assessmentProblem.create({ data: { assessmentId: assessment.id, problemId: published.problemId, position: 1, points: 3 } });
    const student = await addUser("STUDENT");
    const right = await submitAnswers({ db, userId: student.id, slug, answers: { a: "y @ x.T" } });
    const row = await db.problem.findUniqueOrThrow({ where: { id: published.problemId } });
    const { seed } = await db.variant.findFirstOrThrow({ where: { userId: student.id } });
    const reference = variantFromStored(row, seed).parts.find((part) => part.id === "b")!.reference;
    expect(right.parts.map((part) => [part.id, part.score])).toEqual([
      ["a", 1],
      ["b", 0],
    ]);
    const full = await submitAnswers({
      db,
      userId: student.id,
      slug,
      answers: { a: "W @ x @ x.T", b: `np.array(${JSON.stringify(reference)})` },
    });
    expect(full.score).toBe(1);
    const wrong = await submitAnswers({ db, userId: student.id, slug, answers: { a: "2 * y @ x.T" } });
    expect(wrong.parts[0].feedback).toContain("L has the factor ½");
    // Compared with a JSON publication of the same problem, the stored (canonical) documents are equal.
    expect(documentOfStoredDefinition(row.definition)).toEqual(
      JSON.parse(exportDocument({ ...importDocument(commentedLinearLayerYaml(slug), "yaml"), version: 1 }, "json")),
    );
  });

  it("refuses the CLI an unknown slug or version, naming what to do", async () => {
    const { publish } = await setUp();
    const slug = freshSlug();
    await publish(commentedLinearLayerYaml(slug), "yaml");
    const unknownVersion = await problemsExport(testDb.target, [slug, "--version", "4"]);
    expect(unknownVersion).toMatchObject({ code: 2, stderr: `problems: "${slug}" has no version 4; its versions are 1\n` });
    const unknown = await problemsExport(testDb.target, ["no-such-problem"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no problem "no-such-problem" is published in this database/);
  });
});
