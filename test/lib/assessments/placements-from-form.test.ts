import { ZodError } from "zod";
import { placementsFromForm } from "@/lib/assessments/placements-from-form";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";
import { bankProblemRow } from "../../support/course-fixture";
import type { Db } from "@/lib/db/client";

/** The editor's form: rows of [problemId, ticked, order, points, pool with]. */
function editorForm(rows: [string, boolean, number, number, string][]) {
  const form = new FormData();
  for (const [problemId, ticked, order, points, poolWith] of rows) {
    if (ticked) form.append("problemId", problemId);
    form.set(`order:${problemId}`, String(order));
    form.set(`points:${problemId}`, String(points));
    form.set(`poolWith:${problemId}`, poolWith);
  }
  return form;
}

async function threeProblems(db: Db) {
  const [x, y, z] = await Promise.all(["nn-backprop", "chain-rule", "zero-init"].map((slug) => bankProblemRow(db, slug)));
  return { x, y, z };
}

describeEachDatabase("the editor's placements", (provider) => {
  const testDb = useTestDatabase(provider);

  it("puts problems pooled with a ticked one in its pool, in the order given", async () => {
    const { x, y, z } = await threeProblems(testDb.db);
    const form = editorForm([
      [x.id, true, 2, 5, ""],
      [y.id, true, 1, 3, ""],
      [z.id, false, 3, 1, x.id],
    ]);
    expect(await placementsFromForm(testDb.db, form)).toEqual([
      { problemId: y.id, points: 3, pool: [] },
      { problemId: x.id, points: 5, pool: [z.id] },
    ]);
  });

  it("refuses a chain of pools with a field error on the chained problem naming all three", async () => {
    const { x, y, z } = await threeProblems(testDb.db);
    const form = editorForm([
      [y.id, true, 1, 3, ""],
      [x.id, true, 2, 5, y.id],
      [z.id, true, 3, 1, x.id],
    ]);
    const error = await placementsFromForm(testDb.db, form).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    const issues = (error as ZodError).issues;
    expect(issues.map((issue) => issue.path)).toEqual([[`poolWith:${z.id}`]]);
    expect(issues[0].message).toBe(
      `"${z.title}" is pooled with "${x.title}", which is itself pooled with "${y.title}": ` +
        `pool "${z.title}" with "${y.title}" directly, or set "${x.title}" to its own placement.`,
    );
  });

  it("refuses two problems pooled with each other, on both", async () => {
    const { x, y } = await threeProblems(testDb.db);
    const form = editorForm([
      [x.id, true, 1, 3, y.id],
      [y.id, true, 2, 5, x.id],
    ]);
    const error = (await placementsFromForm(testDb.db, form).catch((e: unknown) => e)) as ZodError;
    expect(error.issues.map((issue) => issue.path[0]).sort()).toEqual([`poolWith:${x.id}`, `poolWith:${y.id}`].sort());
  });
});
