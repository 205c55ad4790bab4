/**
 * What decoding the hot path's rows costs: each statement's zod row schema
 * (lib/db/sql-codecs.ts) against the previous code, a list of columns to
 * turn into Dates, booleans and parsed JSON, kept here only as the
 * comparison. Rows are as SQLite's driver returns them (bigints, 0/1, text
 * dates and JSON), the costlier of the two drivers to decode: the placement
 * row every request reads, and a problem history of four submissions and
 * one override.
 *
 *   npx tsx --conditions=react-server scripts/bench/row-decoding.ts [--rounds 2000]
 *
 * Prints JSON: microseconds per statement's rows (median of 15 runs), and
 * the ratio of the schema's time to the previous code's, measured in the same
 * run, alternately.
 */
import type { z } from "zod";
import { PlacementRow } from "@/lib/problems/placement.sql";
import { HistoryRow } from "@/lib/submissions/problem-history.sql";
import { numericArgument } from "@/test/harness/arguments";
import { machineCheckMs, quantile } from "./timing";

type Row = Record<string, unknown>;

const partResults = JSON.stringify({
  "d.dW0": { score: 1, status: "graded", feedback: "correct", fingerprint: "f0", mistakeId: null },
  "e.dW0": {
    score: 0,
    status: "graded",
    feedback: "not equal",
    fingerprint: "f1",
    mistakeId: null,
    marks: { kind: "entries", correct: [true, false] },
  },
});

const placementRow = (): Row => ({
  id: "ap1",
  assessmentId: "a1",
  problemId: "p1",
  position: 0n,
  points: 10,
  e_role: "STUDENT",
  e_section: "",
  p_slug: "nn-backprop",
  p_version: 2n,
  p_source: "BANK",
  p_definition: '{"bank":"section-07/nn-backprop"}',
  p_title: "One-hidden-layer network",
  a_title: "Section 07",
  a_courseId: "c1",
  a_published: 1n,
  a_dueAt: "2026-12-10T12:00:00.000+00:00",
  a_attemptLimit: 3n,
  a_latePenaltyPerDay: 0.1,
  a_lateCutoffAt: null,
  a_scoringPolicy: "BEST",
  a_revealPolicy: "AFTER_DUE",
  a_feedbackMode: "HOMEWORK",
  a_handoutNumbers: 0n,
  v_id: "v1",
  v_problemId: "p1",
  v_seed: 123456n,
  v_createdAt: 1764806400000n,
});

const historyRows = (): Row[] => [
  ...[4, 3, 2, 1].map((attempt) => ({
    kind: "s",
    id: `s${attempt}`,
    attempt: BigInt(attempt),
    score: 0.5,
    late: 0n,
    latePenalty: 0,
    partResults,
    answers: '{"d.dW0":"sigmoid(z)*(1-sigmoid(z))","e.dW0":"[[1,2],[3,4]]"}',
    at: "2026-12-04T10:00:00.000+00:00",
    partId: null,
    comment: null,
  })),
  {
    kind: "o",
    id: "o1",
    attempt: null,
    score: 1,
    late: null,
    latePenalty: null,
    partResults: null,
    answers: null,
    at: 1764806400000n,
    partId: "",
    comment: "ok",
  },
];

/** The previous decoding (lib/db/direct-sql.ts until December 2026), for comparison only. */
const NO_ZONE = /^\d{4}-\d\d-\d\d[ T][\d:.]+$/;
const dateOf = (value: string | number): Date =>
  new Date(typeof value === "string" && NO_ZONE.test(value) ? `${value.replace(" ", "T")}Z` : value);
function previousDecode(rows: Row[], columns: { dates: string[]; booleans: string[]; json: string[] }): Row[] {
  for (const row of rows) {
    for (const key in row) if (typeof row[key] === "bigint") row[key] = Number(row[key]);
    for (const column of columns.dates) {
      const value = row[column];
      if (value !== null && value !== undefined && !(value instanceof Date)) row[column] = dateOf(value as string | number);
    }
    for (const column of columns.booleans) if (typeof row[column] === "number") row[column] = row[column] !== 0;
    for (const column of columns.json) if (typeof row[column] === "string") row[column] = JSON.parse(row[column] as string);
  }
  return rows;
}

const schemaDecode = (schema: z.ZodType, rows: Row[]) => rows.map((row) => schema.parse(row));

/** Median µs per call of each way, timed alternately in `runs` rounds of `rounds` calls. */
function compare(make: () => Row[], schema: z.ZodType, columns: Parameters<typeof previousDecode>[1], rounds: number, runs = 15) {
  const batches = () => Array.from({ length: rounds }, make);
  const schemaTimes: number[] = [];
  const previousTimes: number[] = [];
  for (let run = 0; run < runs; run++) {
    // Fresh rows each round: the previous code decodes in place.
    const forSchema = batches();
    const forPrevious = batches();
    let start = performance.now();
    for (const rows of forSchema) schemaDecode(schema, rows);
    schemaTimes.push(((performance.now() - start) * 1000) / rounds);
    start = performance.now();
    for (const rows of forPrevious) previousDecode(rows, columns);
    previousTimes.push(((performance.now() - start) * 1000) / rounds);
  }
  const median = (times: number[]) =>
    quantile(
      [...times].sort((a, b) => a - b),
      0.5,
    );
  const schemaUs = median(schemaTimes);
  const previousUs = median(previousTimes);
  return {
    schemaUs: Number(schemaUs.toFixed(2)),
    previousUs: Number(previousUs.toFixed(2)),
    ratio: Number((schemaUs / previousUs).toFixed(2)),
  };
}

const rounds = numericArgument("--rounds", 2000);
const before = machineCheckMs();
const placement = compare(
  () => [placementRow()],
  PlacementRow,
  { dates: ["a_dueAt", "a_lateCutoffAt", "v_createdAt"], booleans: ["a_published", "a_handoutNumbers"], json: ["p_definition"] },
  rounds,
);
const history = compare(historyRows, HistoryRow, { dates: ["at"], booleans: ["late"], json: ["partResults", "answers"] }, rounds);
console.log(
  JSON.stringify(
    {
      benchmark: "row decoding (SQLite-shaped rows)",
      node: process.version,
      rounds,
      machineCheckMs: { before, after: machineCheckMs() },
      placement,
      history,
    },
    null,
    2,
  ),
);
