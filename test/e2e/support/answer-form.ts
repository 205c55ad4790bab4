import type { Locator } from "@playwright/test";
import { getBankProblem } from "../../../grader/bank";
import { buildVariant, type Variant } from "../../../grader/problems";
import { readDb } from "./demo-db";

/** A grid cell of a matrix part by position, whatever mark its label carries. */
export const gridCell = (part: Locator, i: number, j: number) => part.getByLabel(new RegExp(`^Row ${i + 1}, column ${j + 1}(,|$)`));

/** Sizes a matrix part's grid and types every entry. */
export async function fillGrid(part: Locator, values: number[][]) {
  await part.getByLabel("Rows", { exact: true }).fill(String(values.length));
  await part.getByLabel("Columns", { exact: true }).fill(String(values[0].length));
  for (const [i, row] of values.entries()) {
    for (const [j, value] of row.entries()) await gridCell(part, i, j).fill(String(value));
  }
}

/** The variant of a bank problem the server drew for this student, rebuilt from the bank and the stored seed. */
export async function drawnVariant(email: string, slug: string): Promise<Variant> {
  const seed = await readDb<number>(
    `SELECT v.seed FROM "Variant" v JOIN "User" u ON u.id = v."userId" JOIN "Problem" p ON p.id = v."problemId" WHERE u.email = ? AND p.slug = ?`,
    email,
    slug,
  );
  return buildVariant(getBankProblem(slug), seed);
}
