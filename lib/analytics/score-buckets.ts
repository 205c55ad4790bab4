/** A range of scores (fractions) and how many students fall in it. */
export interface ScoreBucket {
  label: string;
  /** Inclusive lower bound. */
  from: number;
  /** Upper bound: inclusive for the last bucket (exactly 1), exclusive otherwise. */
  to: number;
  students: number;
}

// Nothing and full credit get buckets of their own: most parts are graded all
// or nothing, and partial credit (matrices, choices) falls between.
const BUCKETS: readonly Omit<ScoreBucket, "students">[] = [
  { label: "0%", from: 0, to: 0 },
  { label: "1–24%", from: 0, to: 0.25 },
  { label: "25–49%", from: 0.25, to: 0.5 },
  { label: "50–74%", from: 0.5, to: 0.75 },
  { label: "75–99%", from: 0.75, to: 1 },
  { label: "100%", from: 1, to: 1 },
];

/** Counts scores in [0, 1] into the six buckets 0%, 1–24%, 25–49%, 50–74%, 75–99%, 100%. */
export function scoreBuckets(scores: readonly number[]): ScoreBucket[] {
  const counts = BUCKETS.map((bucket) => ({ ...bucket, students: 0 }));
  for (const score of scores) {
    const index = score <= 0 ? 0 : score >= 1 ? 5 : 1 + Math.min(3, Math.floor(score * 4));
    counts[index].students++;
  }
  return counts;
}
