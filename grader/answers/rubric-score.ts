import type { RubricItem } from "./spec";

/**
 * The score a rubric gives: the checked items' points summed, capped to the
 * part's points, as a fraction of them. Its own file, so that the grading
 * form shows the same total live without loading the answer parsers.
 */
export function rubricScore(spec: { rubric: readonly RubricItem[] }, checkedIds: readonly string[], partPoints: number): number {
  const checked = new Set(checkedIds);
  const points = spec.rubric.filter((item) => checked.has(item.id)).reduce((sum, item) => sum + item.points, 0);
  return partPoints <= 0 ? 0 : Math.min(points, partPoints) / partPoints;
}
