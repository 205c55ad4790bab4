import { getBankProblem } from "@/grader/bank";
import { csvField, csvRecord } from "@/lib/exports/csv";
import { streamGradebookCsv } from "@/lib/exports/stream-gradebook-csv";
import { streamSubmissionsCsv, SUBMISSIONS_CSV_COLUMNS } from "@/lib/exports/stream-submissions-csv";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";
import { actorFor, createStaffFixture, HALF_DW0, RIGHT_DW0 } from "../gradebook/staff-fixture";

async function readAll(stream: ReadableStream<Uint8Array>): Promise<string> {
  return new Response(stream).text();
}

describe("CSV fields", () => {
  it("quotes fields with commas, quotes or line breaks, doubling quotes, and keeps spaces", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("Okri, Ben")).toBe('"Okri, Ben"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("    Points Possible")).toBe("    Points Possible");
    expect(csvField(null)).toBe("");
    expect(csvField(2.5)).toBe("2.5");
    expect(csvField(Number.NaN)).toBe("");
    expect(csvRecord(["a", 1, true, undefined])).toBe("a,1,true,\r\n");
  });

  it("defuses text a spreadsheet would run as a formula, but leaves plain numbers alone", () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("+1+2")).toBe("'+1+2");
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("-W1.T @ x.T")).toBe("'-W1.T @ x.T");
    expect(csvField("-0.5")).toBe("-0.5");
    expect(csvField("-1e-3")).toBe("-1e-3");
  });
});

describeEachDatabase("CSV exports", (provider) => {
  const testDb = useTestDatabase(provider);

  async function setUp() {
    const fixture = await createStaffFixture(testDb.db, { slugs: ["chain-rule", "nn-backprop"] });
    await testDb.db.assessment.update({ where: { id: fixture.assessment.id }, data: { title: "Section 07" } });
    const ben = await fixture.addStudent('Okri, Ben "B"', "Tue 10:00");
    const ada = await fixture.addStudent("Ada", "Mon 09:00");
    const cy = await fixture.addStudent("Cy");
    await fixture.submit(ada.id, "nn-backprop", { "d.dW0": RIGHT_DW0 });
    await fixture.submit(ben.id, "nn-backprop", { "d.dW0": HALF_DW0 });
    await fixture.submit(ben.id, "chain-rule", { "a.dims": "m x l" });
    await fixture.addUser("TA"); // staff are not rows
    const options = { db: testDb.db, actor: fixture.ta, assessmentId: fixture.assessment.id };
    return { ...fixture, ada, ben, cy, options };
  }

  it("writes the gradebook in Canvas's import layout: identity columns, a column per problem, Points Possible", async () => {
    const { options, ada, ben, cy } = await setUp();
    const { fileName, stream } = await streamGradebookCsv(options);
    expect(fileName).toMatch(/^course-.*-a-gradebook\.csv$/);
    const lines = (await readAll(stream)).split("\r\n");
    expect(lines[0]).toBe(
      `Student,ID,SIS User ID,SIS Login ID,Section,Section 07: ${titleOf("chain-rule")},Section 07: ${titleOf("nn-backprop")}`,
    );
    expect(lines[1]).toBe("    Points Possible,,,,,10,10");
    // nn-backprop: d.dW0 is 3 of 19 part points → 1.5789 of 10. chain-rule: a.dims is 1 of 10 → 1.
    expect(lines.slice(2)).toEqual([
      `Ada,,,${ada.email},Mon 09:00,,1.5789`,
      `Cy,,,${cy.email},,,`,
      // The fixture builds emails from names, so this one needs quoting too.
      `"Okri, Ben ""B""",,,${csvField(ben.email)},Tue 10:00,1,0`,
      "",
    ]);
  });

  it("writes 0 instead of a blank for problems with nothing submitted when asked", async () => {
    const { options } = await setUp();
    const lines = (await readAll((await streamGradebookCsv({ ...options, missing: "zero" })).stream)).split("\r\n");
    expect(lines[2].endsWith(",0,1.5789")).toBe(true);
    expect(lines[3].endsWith(",0,0")).toBe(true);
  });

  it("gives the same gradebook file whatever the page size", async () => {
    const { options } = await setUp();
    const whole = await readAll((await streamGradebookCsv(options)).stream);
    expect(await readAll((await streamGradebookCsv({ ...options, pageSize: 1 })).stream)).toBe(whole);
  });

  it("writes every student submission in long format, one row per part", async () => {
    const { options, ada } = await setUp();
    const { fileName, stream } = await streamSubmissionsCsv(options);
    expect(fileName).toMatch(/-submissions\.csv$/);
    const lines = (await readAll(stream)).split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(SUBMISSIONS_CSV_COLUMNS.join(","));
    // Two nn-backprop submissions of 9 parts and one chain-rule submission of its parts.
    const chainRuleParts = lines.filter((l) => l.includes(",chain-rule,")).length;
    expect(lines.length - 1).toBe(2 * 9 + chainRuleParts);
    expect(chainRuleParts).toBeGreaterThan(1);
    const adaDW0 = lines.find((l) => l.startsWith("Ada,") && l.includes(",d.dW0,"))!;
    const fields = adaDW0.split(",");
    expect(fields.slice(0, 6)).toEqual(["Ada", ada.email, "Mon 09:00", "nn-backprop", String(getBankProblem("nn-backprop").version), "1"]);
    expect(fields[6]).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(fields.slice(8, 14)).toEqual(["false", "0", "0.1579", "d.dW0", "1", "graded"]);
    expect(adaDW0).toContain(`,${RIGHT_DW0},correct,`);
    const benDW0 = lines.find((l) => l.startsWith('"Okri') && l.includes(",d.dW0,"))!;
    expect(benDW0).toMatch(/,half-sigmoid-derivative$/);
  });

  it("gives the same submissions file whatever the page size", async () => {
    const { options } = await setUp();
    const whole = await readAll((await streamSubmissionsCsv(options)).stream);
    expect(await readAll((await streamSubmissionsCsv({ ...options, pageSize: 1 })).stream)).toBe(whole);
  });

  it("refuses a student and a TA of another course before streaming anything", async () => {
    const { options, ada } = await setUp();
    const otherTa = await actorFor(testDb.db, await (await createCourseFixture(testDb.db)).addUser("TA"));
    for (const actor of [await actorFor(testDb.db, ada), otherTa]) {
      await expect(streamGradebookCsv({ ...options, actor })).rejects.toMatchObject({ code: "FORBIDDEN" });
      await expect(streamSubmissionsCsv({ ...options, actor })).rejects.toMatchObject({ code: "FORBIDDEN" });
    }
  });
});

function titleOf(slug: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require("@/grader/bank").getBankProblem(slug).title;
}
