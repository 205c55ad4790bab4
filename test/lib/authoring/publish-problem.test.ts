import { compileDocument } from "@/grader/authoring";
import { buildVariant, validateProblem } from "@/grader/problems";
import { AppError } from "@/lib/errors";
import { publishProblem } from "@/lib/authoring/publish-problem";
import { listAuthoredProblems } from "@/lib/authoring/list-authored-problems";
import { exportAuthoredProblem } from "@/lib/authoring/export-authored-problem";
import { documentOfStoredDefinition } from "@/grader/stored";
import { listProblems } from "@/lib/problems/list-problems";
import { variantFromStored } from "@/grader/stored";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { planRegrade } from "@/lib/regrade/plan-regrade";
import { applyRegrade } from "@/lib/regrade/apply-regrade";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow, createCourseFixture } from "../../support/course-fixture";
import { actorFor } from "../gradebook/staff-fixture";
import { asText, brokenOnSomeSeedsDocument, linearLayerDocument } from "./documents";

let slugCounter = 0;
/** Slugs are global across courses: each test takes its own. */
const freshSlug = (stem = "linear") => `${stem}-${Date.now().toString(36)}-${slugCounter++}`;

/** A matrix answer as a student types it: NumPy-style nested rows. */
const asNumpy = (rows: unknown) => `np.array(${JSON.stringify(rows)})`;

describeEachDatabase("publishing authored problems", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const db = testDb.db;
    const fixture = await createCourseFixture(db);
    const instructor = await actorFor(db, await fixture.addUser("INSTRUCTOR"));
    const publish = (text: string, format?: "json" | "yaml") =>
      publishProblem({ db, actor: instructor, courseId: fixture.course.id, text, format });
    /** Places a published version in the fixture's (published) assessment, after its bank problem. */
    const place = (problemId: string, points = 6) =>
      db.assessmentProblem.create({ data: { assessmentId: fixture.assessment.id, problemId, position: 1, points } });
    return { db, ...fixture, instructor, publish, place };
  }

  it("numbers versions 1, 2, … per slug, stores the version in the document, and audits each publication", async () => {
    const { db, course, instructor, publish } = await setUp();
    const slug = freshSlug();
    const first = await publish(asText(linearLayerDocument(slug, { version: 7 })));
    expect(first).toMatchObject({ slug, version: 1, previousVersion: null, title: "Gradient of a linear layer" });
    const second = await publish(asText(linearLayerDocument(slug, { title: "Gradient of a linear layer (fixed)" })));
    expect(second).toMatchObject({ slug, version: 2, previousVersion: 1 });

    const rows = await db.problem.findMany({ where: { slug }, orderBy: { version: "asc" } });
    expect(rows.map((row) => [row.version, row.source, row.courseId, row.createdById, row.title])).toEqual([
      [1, "AUTHORED", course.id, instructor.id, "Gradient of a linear layer"],
      [2, "AUTHORED", course.id, instructor.id, "Gradient of a linear layer (fixed)"],
    ]);
    // The author's own `version: 7` is replaced by the version the row has.
    expect(rows.map((row) => (documentOfStoredDefinition(row.definition) as { version: number }).version)).toEqual([1, 2]);
    const audit = await db.auditLog.findMany({ where: { action: "problem.publish", courseId: course.id }, orderBy: { createdAt: "asc" } });
    expect(
      audit.map((entry) => [
        entry.entityId,
        entry.actorId,
        (entry.after as { version: number; seeds: number }).version,
        (entry.after as { seeds: number }).seeds,
      ]),
    ).toEqual([
      [first.problemId, instructor.id, 1, 50],
      [second.problemId, instructor.id, 2, 50],
    ]);
    expect(audit[1].before).toEqual({ problemId: first.problemId, version: 1 });

    const listed = await listAuthoredProblems({ db, actor: instructor, courseId: course.id });
    expect(listed).toEqual([
      {
        slug,
        title: "Gradient of a linear layer (fixed)",
        versions: [expect.objectContaining({ version: 2, placements: 0 }), expect.objectContaining({ version: 1 })],
      },
    ]);
    // The assessment picker offers the newest version only.
    const choices = await listProblems({ db, courseIds: [course.id] });
    expect(choices.filter((p) => p.slug === slug).map((p) => p.version)).toEqual([2]);
  });

  it("draws the same variants from the stored row as from the document as written, whatever order the database keeps keys in", async () => {
    const { db, publish } = await setUp();
    const slug = freshSlug();
    // Declared longest name first: PostgreSQL's jsonb would hand these back shortest first, and
    // variables are drawn in declaration order.
    const document = linearLayerDocument(slug);
    document.variables = {
      weights: { shape: ["m", "d"], distribution: { kind: "integers", min: -3, max: 3 }, nonzero: true },
      x: document.variables!.x,
    };
    document.definitions = { y: "weights @ x", L: "sum(y * y) / 2" };
    document.statement = "$W = {{weights}}$, $x = {{x}}$, $d = {{d}}$.";
    document.parts = document.parts.map((part) => ({ ...part, reference: "grad(L, weights)" }));
    document.parts[0] = { ...document.parts[0], knownMistakes: [], samples: { correct: ["y @ x.T"], wrong: ["x.T"] } };
    const published = await publish(asText(document));
    const row = await db.problem.findUniqueOrThrow({ where: { id: published.problemId } });
    const asWritten = compileDocument(document);
    for (const seed of [0, 3, 11]) {
      expect(variantFromStored(row, seed).public.params).toEqual(buildVariant(asWritten, seed).public.params);
    }
  });

  it("accepts YAML and refuses a document identical to the newest version", async () => {
    const { publish } = await setUp();
    const slug = freshSlug();
    const { stringify } = await import("yaml");
    await publish(stringify(linearLayerDocument(slug)), "yaml");
    await expect(publish(asText(linearLayerDocument(slug, { version: 2 })))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/Nothing changed since version 1/),
    });
  });

  it("keeps earlier versions' rows, variants and submissions as they were when a new version is published", async () => {
    const { db, publish, place, addUser } = await setUp();
    const slug = freshSlug();
    const first = await publish(asText(linearLayerDocument(slug)));
    const placement = await place(first.problemId);
    const student = await addUser("STUDENT");
    const submitted = await submitAnswers({ db, userId: student.id, slug, answers: { a: "y @ x.T" } });
    const before = await db.problem.findUniqueOrThrow({ where: { id: first.problemId } });

    const second = await publish(asText(linearLayerDocument(slug, { statement: "A new statement: $y = W x$, $d = {{d}}$." })));

    expect(await db.problem.findUniqueOrThrow({ where: { id: first.problemId } })).toEqual(before);
    const variant = await db.variant.findUniqueOrThrow({
      where: { userId_assessmentProblemId: { userId: student.id, assessmentProblemId: placement.id } },
    });
    expect(variant.problemId).toBe(first.problemId);
    const submission = await db.submission.findUniqueOrThrow({ where: { id: submitted.submissionId } });
    expect(submission.problemId).toBe(first.problemId);
    expect((await db.assessmentProblem.findUniqueOrThrow({ where: { id: placement.id } })).problemId).toBe(first.problemId);
    // The student keeps seeing the version they were drawn from.
    const view = await getVariantView({ db, userId: student.id, slug });
    expect(view.variant.version).toBe(1);
    expect(view.variant.statement).not.toContain("A new statement");
    expect(second.version).toBe(2);
  });

  it("refuses a document that fails on some seed, naming the first failing seed and part, and writes nothing", async () => {
    const { db, publish } = await setUp();
    const slug = freshSlug("broken");
    const document = brokenOnSomeSeedsDocument(slug);
    const expected = validateProblem(compileDocument(document), 50).failures;
    expect(expected.length).toBeGreaterThan(0);
    const refusal = await publish(asText(document)).catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(AppError);
    expect(refusal).toMatchObject({
      code: "INVALID_INPUT",
      message:
        `Not published: it fails validation on seed ${expected[0].seed}, part n: the ` +
        `wrong answer 3 scores 1 (${expected.length - 1} more failures on 50 seeds)`,
      details: { validation: { status: "failing-seeds", failureCount: expected.length, failures: expected.slice(0, 20) } },
    });
    expect(await db.problem.count({ where: { slug } })).toBe(0);
  });

  it("refuses a document that does not compile, with the path of the error", async () => {
    const { publish } = await setUp();
    const document = linearLayerDocument(freshSlug());
    document.parts[0].reference = "grad(L, V)";
    await expect(publish(asText(document))).rejects.toMatchObject({
      code: "INVALID_INPUT",
      details: { document: { code: "INVALID_EXPRESSION", path: "parts[0].reference", message: expect.stringMatching(/\bV\b/) } },
    });
    await expect(publish('{ "slug": ')).rejects.toMatchObject({ code: "INVALID_INPUT", details: { document: { code: "INVALID_SYNTAX" } } });
  });

  it("refuses a slug of the bank or of another course's problem", async () => {
    const { db, publish } = await setUp();
    await bankProblemRow(db, "chain-rule");
    await expect(publish(asText(linearLayerDocument("chain-rule")))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/belongs to a problem of the bank/),
    });
    // A bank slug is refused even where no row of it exists yet in the database.
    await expect(publish(asText(linearLayerDocument("zero-init")))).rejects.toMatchObject({ code: "CONFLICT" });

    const slug = freshSlug();
    await publish(asText(linearLayerDocument(slug)));
    const other = await setUp();
    await expect(other.publish(asText(linearLayerDocument(slug, { title: "Mine now" })))).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/another course's problem/),
    });
    expect(await db.problem.count({ where: { slug } })).toBe(1);
  });

  it("refuses a TA of the course and an instructor of another course", async () => {
    const { db, course, addUser } = await setUp();
    const ta = await actorFor(db, await addUser("TA"));
    const stranger = (await setUp()).instructor;
    const slug = freshSlug();
    for (const actor of [ta, stranger]) {
      await expect(publishProblem({ db, actor, courseId: course.id, text: asText(linearLayerDocument(slug)) })).rejects.toMatchObject({
        code: "FORBIDDEN",
      });
      await expect(listAuthoredProblems({ db, actor, courseId: course.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
    expect(await db.problem.count({ where: { slug } })).toBe(0);
    expect(await db.auditLog.count({ where: { action: "problem.publish", courseId: course.id } })).toBe(0);
  });

  it("grades a student's submission to an authored problem on the server, from its stored document", async () => {
    const { db, publish, place, addUser, instructor } = await setUp();
    const slug = freshSlug();
    const published = await publish(asText(linearLayerDocument(slug)));
    const placement = await place(published.problemId, 6);
    const student = await addUser("STUDENT");
    const view = await getVariantView({ db, userId: student.id, slug });
    expect(view.variant).toMatchObject({ slug, version: 1, title: "Gradient of a linear layer" });
    expect(view.variant.parts.map((part) => [part.id, part.answer.kind])).toEqual([
      ["a", "expression"],
      ["b", "matrix"],
    ]);

    const row = await db.problem.findUniqueOrThrow({ where: { id: published.problemId } });
    const { seed } = await db.variant.findFirstOrThrow({ where: { userId: student.id } });
    const reference = variantFromStored(row, seed).parts.find((part) => part.id === "b")!.reference;
    const right = await submitAnswers({ db, userId: student.id, slug, answers: { a: "W @ x @ x.T", b: asNumpy(reference) } });
    expect(right.score).toBe(1);
    expect(right.parts.map((part) => [part.id, part.status, part.score])).toEqual([
      ["a", "graded", 1],
      ["b", "graded", 1],
    ]);
    expect(right.standing.pointsEarned).toBeCloseTo(6, 12);

    // The known mistake of part a, with its message; part b left out. a is 2 of the 3 points.
    const wrong = await submitAnswers({ db, userId: student.id, slug, answers: { a: "2 * y @ x.T" } });
    expect(wrong.parts[0]).toMatchObject({ id: "a", score: 0, feedback: expect.stringContaining("L has the factor ½") });
    expect(wrong.score).toBe(0);
    const stored = await db.submission.findMany({ where: { userId: student.id }, orderBy: { attempt: "asc" } });
    expect(stored.map((s) => [s.attempt, s.problemId, s.score])).toEqual([
      [1, published.problemId, 1],
      [2, published.problemId, 0],
    ]);
    expect(placement.problemId).toBe(published.problemId);
    expect(instructor.memberships[0].role).toBe("INSTRUCTOR");
  });

  it("lets the gradebook regrade a placement from version 1 to a fixed version 2", async () => {
    const { db, publish, place, addUser, assessment, instructor } = await setUp();
    const slug = freshSlug();
    // Positive W and x, so that y = W x is never 0: with y = 0 the gradient is 0, and twice it is the same matrix.
    const positive = { kind: "integers" as const, min: 1, max: 3 };
    const variables = { W: { shape: ["m", "d"], distribution: positive }, x: { shape: ["d"], distribution: positive } };
    // Version 1 has a slip in part b: its reference is twice the gradient.
    const slipped = linearLayerDocument(slug, { variables });
    slipped.parts[1] = {
      ...slipped.parts[1],
      reference: "2 * grad(L, W)",
      samples: { correct: [{ expression: "2 * y @ x.T" }], wrong: [{ expression: "y @ x.T" }] },
    };
    const first = await publish(asText(slipped));
    const placement = await place(first.problemId, 3);
    const student = await addUser("STUDENT");
    // Opening the problem draws the student's variant of version 1.
    await getVariantView({ db, userId: student.id, slug });
    const fixed = await publish(asText(linearLayerDocument(slug, { variables })));
    const fixedRow = await db.problem.findUniqueOrThrow({ where: { id: fixed.problemId } });
    const { seed } = await db.variant.findFirstOrThrow({ where: { userId: student.id } });
    const gradient = variantFromStored(fixedRow, seed).parts.find((part) => part.id === "b")!.reference;
    const submitted = await submitAnswers({ db, userId: student.id, slug, answers: { a: "y @ x.T", b: asNumpy(gradient) } });
    expect(submitted.score).toBeCloseTo(2 / 3, 12);

    const plan = await planRegrade({ db, actor: instructor, assessmentId: assessment.id, assessmentProblemId: placement.id });
    expect(plan).toMatchObject({
      from: [{ problemId: first.problemId, version: 1 }],
      to: { problemId: fixed.problemId, version: 2 },
      submissionsToRegrade: 1,
      submissionsChanged: 1,
    });
    await applyRegrade({
      db,
      actor: instructor,
      assessmentId: assessment.id,
      assessmentProblemId: placement.id,
      expectedPlanHash: plan.planHash,
    });

    expect((await db.assessmentProblem.findUniqueOrThrow({ where: { id: placement.id } })).problemId).toBe(fixed.problemId);
    expect(await db.submission.findUniqueOrThrow({ where: { id: submitted.submissionId } })).toMatchObject({
      problemId: fixed.problemId,
      score: 1,
    });
    // Version 1's row stays, and still grades as it did.
    expect(await db.problem.findUniqueOrThrow({ where: { id: first.problemId } })).toMatchObject({ version: 1 });
  });

  it("exports a published version as its author's text, and in the other format as the stable document it was published as", async () => {
    const { db, publish, instructor, addUser } = await setUp();
    const slug = freshSlug();
    const text = asText(linearLayerDocument(slug));
    const published = await publish(text);
    const json = await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId, format: "json" });
    expect(json).toMatchObject({ fileName: `${slug}.v1.json`, form: "as-published", text });
    const yaml = await exportAuthoredProblem({ db, actor: instructor, problemId: published.problemId, format: "yaml" });
    expect(yaml).toMatchObject({ fileName: `${slug}.v1.yaml`, form: "canonical" });
    expect(yaml.text).toMatch(new RegExp(`^slug: ${slug}\\ntitle: Gradient of a linear layer\\nversion: 1\\n`));
    const student = await actorFor(db, await addUser("STUDENT"));
    await expect(exportAuthoredProblem({ db, actor: student, problemId: published.problemId, format: "json" })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });
});
