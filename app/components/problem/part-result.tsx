import type { OverrideInfo, PartResult } from "@/lib/submissions/contract";
import { partPointsText } from "./policy-text";

/** What the page knows about a part's last submission: a graded or held ("received") result, or a 422's message (nothing recorded). */
export type PartOutcome = PartResult | { id: string; status: "rejected"; feedback: string };

/** The banner's colour: green only for full credit on a part that gives points (a correct 0-point part is amber), red for a score of 0. */
export function partResultTone(score: number, points: number): "correct" | "partial" | "wrong" {
  if (score <= 0 || points <= 0) return score >= 1 ? "partial" : "wrong";
  return score >= 1 ? "correct" : "partial";
}

/** A part's score and feedback, next to the part. */
export function PartResultView({
  outcome,
  points,
  fromEarlier,
  staffGrade,
}: {
  outcome: PartOutcome;
  points: number;
  fromEarlier?: number;
  /** A free-text part's grade by the course staff, when it has one. */
  staffGrade?: OverrideInfo;
}) {
  const source = fromEarlier !== undefined ? `Attempt ${fromEarlier}: ` : "";
  if (outcome.status === "rejected" || outcome.status === "invalid") {
    return (
      <div className="part-result invalid" role="note">
        <strong>{source}Not graded</strong>, no attempt used: {outcome.feedback}
      </div>
    );
  }
  if (outcome.status === "received") {
    return (
      <div className="part-result unanswered" role="note" data-testid="part-result">
        <strong>{source}Received</strong>: results are shown after the exam closes.
      </div>
    );
  }
  if (outcome.status === "needsGrading" && staffGrade) {
    return (
      <div className={`part-result ${partResultTone(staffGrade.score, points)}`} role="note" data-testid="part-result">
        <strong>Graded by the course staff: {partPointsText(staffGrade.score, points)}</strong>
        {/* Plain text: React escapes the comment. */}
        <span className="feedback"> {staffGrade.comment}</span>
      </div>
    );
  }
  if (outcome.status === "needsGrading") {
    return (
      <div className="part-result unanswered" role="note" data-testid="part-result">
        <strong>{source}Needs grading</strong>: a member of the course staff will read it; the score is pending.
      </div>
    );
  }
  if (outcome.status === "unanswered") {
    return (
      <div className="part-result unanswered" role="note">
        <strong>{source}Not answered</strong>: {partPointsText(0, points)}
      </div>
    );
  }
  const tone = partResultTone(outcome.score, points);
  return (
    <div className={`part-result ${tone}`} role="note" data-testid="part-result">
      <strong>
        {source}
        {outcome.score >= 1 ? "Correct" : outcome.score > 0 ? "Partly correct" : "Not correct"}: {partPointsText(outcome.score, points)}
      </strong>
      {outcome.feedback && outcome.feedback !== "correct" && <span className="feedback"> {outcome.feedback}</span>}
    </div>
  );
}
