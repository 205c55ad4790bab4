import { getGradebook } from "@/lib/gradebook/get-gradebook";
import { setScoreOverride } from "@/lib/overrides/set-score-override";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor, createStaffFixture, DW0_SHARE, HALF_DW0, RIGHT_DW0 } from "./staff-fixture";

const DUE = new Date("2026-11-10T12:00:00Z");
const BEFORE_DUE = new Date("2026-11-09T12:00:00Z");
const ONE_DAY_LATE = new Date("2026-11-11T11:00:00Z");

describeEachDatabase("the gradebook", (provider) => {
  const testDb = useTestDatabase(provider);

  /** Three students on chain-rule and nn-backprop (10 points each): Ada on time, Ben late, Cy nothing. */
  async function setUp() {
    const fixture = await createStaffFixture(testDb.db, {
      slugs: ["chain-rule", "nn-backprop"],
      assessment: { dueAt: DUE, latePenaltyPerDay: 0.5 },
    });
    const ada = await fixture.addStudent("Ada Lovelace", "A");
    const ben = await fixture.addStudent("Ben Okri", "B");
    const cy = await fixture.addStudent("Cy Twombly", "A");
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": RIGHT_DW0 }, BEFORE_DUE);
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": HALF_DW0 }, BEFORE_DUE);
    await fixture.submit(ben.id, "nn-backprop", { "d.dW0": RIGHT_DW0 }, ONE_DAY_LATE);
    const [chainRule, nnBackprop] = fixture.placements;
    return { ...fixture, ada, ben, cy, chainRule, nnBackprop };
  }

  it("shows each student's counted score per problem with attempts, late flags and totals", async () => {
    const { ta, assessment, nnBackprop, chainRule, ada, ben, cy } = await setUp();
    const book = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id });
    expect(book.columns.map((c) => c.slug)).toEqual(["chain-rule", "nn-backprop"]);
    expect(book.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Ben Okri", "Cy Twombly"]);
    expect(book).toMatchObject({ totalRows: 3, totalStudents: 3, page: 1, sections: ["A", "B"] });
    const [adaRow, benRow, cyRow] = book.rows;
    expect(adaRow.userId).toBe(ada.id);
    // BEST policy: Ada's first attempt (right) counts over her second (the known mistake).
    expect(adaRow.cells[nnBackprop.id]).toMatchObject({ attempts: 2, late: false, overridden: false });
    expect(adaRow.cells[nnBackprop.id].pointsEarned).toBeCloseTo(10 * DW0_SHARE, 12);
    expect(adaRow.cells[chainRule.id]).toEqual({ score: null, pointsEarned: 0, attempts: 0, late: false, overridden: false });
    expect(adaRow).toMatchObject({ pointsPossible: 20, attempts: 2, lateCount: 0 });
    expect(adaRow.percent).toBeCloseTo((100 * 10 * DW0_SHARE) / 20, 12);
    // One started day late at 50% per day: half the points.
    expect(benRow.userId).toBe(ben.id);
    expect(benRow.cells[nnBackprop.id]).toMatchObject({ attempts: 1, late: true });
    expect(benRow.cells[nnBackprop.id].pointsEarned).toBeCloseTo(5 * DW0_SHARE, 12);
    expect(benRow.lateCount).toBe(1);
    expect(cyRow).toMatchObject({ userId: cy.id, pointsEarned: 0, attempts: 0, percent: 0 });
  });

  it("under BEST_PER_PART, counts each part's best after its own late penalty, the same in the grid and sorted by total", async () => {
    const fixture = await createStaffFixture(testDb.db, {
      slugs: ["nn-backprop"],
      assessment: { dueAt: DUE, latePenaltyPerDay: 0.5, scoringPolicy: "BEST_PER_PART" },
    });
    const ada = await fixture.addStudent("Ada Lovelace");
    const ben = await fixture.addStudent("Ben Okri");
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": RIGHT_DW0 }, BEFORE_DUE);
    await fixture.submit(ada.id, "nn-backprop", { "d.db0": "W1.T * z * (1 - z)" }, ONE_DAY_LATE);
    await fixture.submit(ben.id, "nn-backprop", { "d.dW0": HALF_DW0 }, BEFORE_DUE);
    const [placement] = fixture.placements;
    // d.dW0 on time (3 of 19) and d.db0 one day late at 50 % (1.5 of 19); neither submission alone earns more than 3.
    const expected = (10 * 4.5) / 19;
    const book = await getGradebook({ db: testDb.db, actor: fixture.ta, assessmentId: fixture.assessment.id });
    expect(book.rows[0].cells[placement.id]).toMatchObject({ attempts: 2 });
    expect(book.rows[0].cells[placement.id].pointsEarned).toBeCloseTo(expected, 12);
    const byTotal = await getGradebook({
      db: testDb.db,
      actor: fixture.ta,
      assessmentId: fixture.assessment.id,
      sort: "total",
      direction: "desc",
    });
    expect(byTotal.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Ben Okri"]);
    expect(byTotal.rows[0].pointsEarned).toBeCloseTo(expected, 12);
    const expanded = await getGradebook({ db: testDb.db, actor: fixture.ta, assessmentId: fixture.assessment.id, expand: placement.id });
    expect(expanded.rows[0].cells[placement.id].partScores).toMatchObject({ "d.dW0": 1, "d.db0": 0.5 });
  });

  it("lists students only, not the course's staff nor other courses' students", async () => {
    const { ta, assessment, addUser } = await setUp();
    await addUser("INSTRUCTOR", "Ines");
    const other = await createCourseFixture(testDb.db);
    await other.addUser("STUDENT", "Outsider");
    const book = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id });
    expect(book.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Ben Okri", "Cy Twombly"]);
  });

  it("sorts by total and by one problem's score, highest first, ties by name", async () => {
    const { ta, assessment, nnBackprop } = await setUp();
    const byTotal = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, sort: "total", direction: "desc" });
    expect(byTotal.rows.map((r) => r.name)).toEqual(["Ada Lovelace", "Ben Okri", "Cy Twombly"]);
    const byProblem = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, sort: nnBackprop.id, direction: "asc" });
    // Cy has no score (sorted below any score), then Ben's late half, then Ada.
    expect(byProblem.rows.map((r) => r.name)).toEqual(["Cy Twombly", "Ben Okri", "Ada Lovelace"]);
  });

  it("filters by section, by a name or email fragment, and by a range of the total", async () => {
    const { ta, assessment } = await setUp();
    const query = (extra: object) =>
      getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, ...extra }).then((b) => b.rows.map((r) => r.name));
    expect(await query({ section: "A" })).toEqual(["Ada Lovelace", "Cy Twombly"]);
    expect(await query({ search: "OKRI" })).toEqual(["Ben Okri"]);
    expect(await query({ search: "ada lovelace-" })).toEqual(["Ada Lovelace"]); // emails are "<name>-<id>@x.test"
    expect(await query({ minPercent: 5 })).toEqual(["Ada Lovelace"]);
    expect(await query({ maxPercent: 0 })).toEqual(["Cy Twombly"]);
    expect(await query({ section: "A", sort: "total", direction: "desc", minPercent: 0.0001 })).toEqual(["Ada Lovelace"]);
  });

  it("paginates, reporting the rows over all pages and keeping the page in range", async () => {
    const { ta, assessment } = await setUp();
    const second = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, pageSize: 2, page: 2 });
    expect(second).toMatchObject({ page: 2, pageSize: 2, totalRows: 3 });
    expect(second.rows.map((r) => r.name)).toEqual(["Cy Twombly"]);
    const beyond = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, pageSize: 2, page: 9, sort: "total" });
    expect(beyond.page).toBe(2);
    expect(beyond.rows).toHaveLength(1);
  });

  it("gives the same cells whether the page is read alone or the whole assessment is", async () => {
    const { ta, assessment } = await setUp();
    const byName = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id });
    const byTotal = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, sort: "total", direction: "desc" });
    const byUser = (rows: typeof byName.rows) => Object.fromEntries(rows.map((r) => [r.userId, r]));
    expect(byUser(byTotal.rows)).toEqual(byUser(byName.rows));
  });

  it("includes one problem's part scores on demand", async () => {
    const { ta, assessment, nnBackprop, chainRule } = await setUp();
    const book = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id, expand: nnBackprop.id });
    const expanded = book.columns.find((c) => c.assessmentProblemId === nnBackprop.id)!;
    expect(expanded.parts?.map((p) => p.id)).toEqual(["a.z", "a.y", "b.dW1", "b.db1", "c.dz", "d.dW0", "d.db0", "e.dW0", "e.db0"]);
    expect(book.columns.find((c) => c.assessmentProblemId === chainRule.id)!.parts).toBeUndefined();
    expect(book.rows[0].cells[nnBackprop.id].partScores).toMatchObject({ "d.dW0": 1, "a.z": 0 });
    expect(book.rows[1].cells[nnBackprop.id].partScores).toMatchObject({ "d.dW0": 0.5 });
    expect(book.rows[0].cells[chainRule.id].partScores).toBeUndefined();
  });

  it("applies overrides on top of the counted submission, and marks the cell", async () => {
    const { ta, assessment, nnBackprop, chainRule, ben, cy } = await setUp();
    await setScoreOverride({
      db: testDb.db,
      actor: ta,
      assessmentId: assessment.id,
      assessmentProblemId: nnBackprop.id,
      studentId: ben.id,
      partId: "",
      score: 1,
      comment: "Late for a documented illness.",
    });
    await setScoreOverride({
      db: testDb.db,
      actor: ta,
      assessmentId: assessment.id,
      assessmentProblemId: chainRule.id,
      studentId: cy.id,
      partId: "a.dims",
      score: 1,
      comment: "Answered on paper.",
    });
    const book = await getGradebook({ db: testDb.db, actor: ta, assessmentId: assessment.id });
    const [, benRow, cyRow] = book.rows;
    expect(benRow.cells[nnBackprop.id]).toMatchObject({ score: 1, pointsEarned: 10, overridden: true, late: true });
    // chain-rule: a.dims is 1 of its 10 part points.
    expect(cyRow.cells[chainRule.id]).toMatchObject({ overridden: true, attempts: 0 });
    expect(cyRow.cells[chainRule.id].pointsEarned).toBeCloseTo(10 / 10, 12);
  });

  it("refuses a student, a TA of another course, and names a missing assessment", async () => {
    const { assessment, ada } = await setUp();
    const other = await createCourseFixture(testDb.db);
    const otherTa = await actorFor(testDb.db, await other.addUser("TA"));
    const student = await actorFor(testDb.db, ada);
    await expect(getGradebook({ db: testDb.db, actor: student, assessmentId: assessment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getGradebook({ db: testDb.db, actor: otherTa, assessmentId: assessment.id })).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(getGradebook({ db: testDb.db, actor: otherTa, assessmentId: "no-such-assessment" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lets an instructor of the course in", async () => {
    const { assessment, addUser } = await setUp();
    const instructor = await actorFor(testDb.db, await addUser("INSTRUCTOR"));
    const book = await getGradebook({ db: testDb.db, actor: instructor, assessmentId: assessment.id });
    expect(book.totalRows).toBe(3);
  });
});
