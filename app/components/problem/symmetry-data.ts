/**
 * The zero-init demo's data (grader/bank/section-07/zero-init.ts extras):
 * for each initialisation, each gradient-descent step's list of W0[i][0],
 * one value per hidden unit i. Read defensively, since extras are plain JSON.
 * The run from the grouped start of parts (c) and (d) answers them, so the
 * server sends it only once they are settled; before, there is only the
 * random start's.
 */
import type { Json } from "@/grader/problems/types";

export type Initialisation = "grouped" | "random";

export interface SymmetryTrajectories {
  /** Absent until the parts it answers are settled for the student. */
  grouped?: number[][];
  random: number[][];
}

const isSteps = (value: unknown): value is number[][] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every(
    (step) =>
      Array.isArray(step) &&
      step.length === (value[0] as unknown[]).length &&
      step.every((w) => typeof w === "number" && Number.isFinite(w)),
  );

export function readSymmetryTrajectories(extras: Record<string, Json>): SymmetryTrajectories | null {
  const value = extras.symmetryTrajectories as { grouped?: unknown; random?: unknown } | undefined;
  if (!value || typeof value !== "object" || !isSteps(value.random)) return null;
  if (value.grouped === undefined) return { random: value.random };
  return isSteps(value.grouped) ? { grouped: value.grouped, random: value.random } : null;
}

/** Recharts rows: { step, unit1, unit2, … }, step 0 being the initial weights. */
export function chartRows(steps: number[][]): Record<string, number>[] {
  return steps.map((weights, step) => Object.fromEntries([["step", step], ...weights.map((w, i) => [unitKey(i), w])]));
}

export const unitKey = (i: number) => `unit${i + 1}`;
