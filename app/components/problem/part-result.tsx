import type { PartResult } from "@/lib/submissions/contract";
import { partPointsText } from "./policy-text";

/** What the page knows about a part's last submission: a graded result, or a 422's message (nothing recorded). */
export type PartOutcome = PartResult | { id: string; status: "rejected"; feedback: string };

/** A part's score and feedback, next to the part. */
export function PartResultView({ outcome, points, fromEarlier }: { outcome: PartOutcome; points: number; fromEarlier?: number }) {
  const source = fromEarlier !== undefined ? `Attempt ${fromEarlier}: ` : "";
  if (outcome.status === "rejected" || outcome.status === "invalid") {
    return (
      <div className="part-result invalid" role="note">
        <strong>{source}Not graded</strong>, no attempt used: {outcome.feedback}
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
  const tone = outcome.score >= 1 ? "correct" : outcome.score > 0 ? "partial" : "wrong";
  return (
    <div className={`part-result ${tone}`} role="note" data-testid="part-result">
      <strong>
        {source}
        {tone === "correct" ? "Correct" : tone === "partial" ? "Partly correct" : "Not correct"}: {partPointsText(outcome.score, points)}
      </strong>
      {outcome.feedback && outcome.feedback !== "correct" && <span className="feedback"> {outcome.feedback}</span>}
    </div>
  );
}
