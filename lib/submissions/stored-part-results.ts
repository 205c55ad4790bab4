import "server-only";
import type { SubmissionGrade } from "@/grader/problems";
import type { PartMarks, ShownPartResult } from "./contract";
import { marksStored } from "./part-marks";

/** What a stored submission's partResults JSON holds per part. */
export interface StoredPartResult {
  score: number;
  status: ShownPartResult["status"];
  feedback: string;
  /** Equal wrong answers share it (grader/answers); null when unanswered. */
  fingerprint: string | null;
  mistakeId: string | null;
  /** Right/wrong per entry or chosen option (part-marks.ts); absent in submissions stored before marks existed. */
  marks?: PartMarks;
}

export type StoredPartResults = Record<string, StoredPartResult>;

/** What is stored of a graded submission per part: score, status, feedback, and for analytics the fingerprint and known mistake. */
export function storedResults(grade: SubmissionGrade): StoredPartResults {
  return Object.fromEntries(
    grade.parts.map((part) => [
      part.id,
      {
        score: part.score,
        status: part.result ? part.result.status : "unanswered",
        feedback: part.feedback,
        fingerprint: part.result?.status === "graded" || part.result?.status === "needsGrading" ? part.result.fingerprint : null,
        mistakeId: part.result?.status === "graded" ? (part.result.mistakeId ?? null) : null,
        ...marksStored(part.result),
      },
    ]),
  );
}
