import type { AssessmentProgress } from "@/lib/progress/assessment-progress";
import { LocalDate } from "./dates/local-date";

export const STATUS_LABEL: Record<AssessmentProgress["status"], string> = {
  "not-open": "not open yet",
  "not-started": "not started",
  "in-progress": "in progress",
  complete: "complete",
  closed: "closed",
};

/** Points to at most two decimals, without trailing zeros. */
export function formatPoints(points: number): string {
  return String(Math.round(points * 100) / 100);
}

export function ProgressSummary({ progress }: { progress: AssessmentProgress }) {
  if (progress.pointsEarned === null || progress.partsCorrect === null) {
    const until = progress.resultsHeldUntil ? (
      <>
        {" "}
        on <LocalDate at={progress.resultsHeldUntil} timeZone={progress.timeZone} />
      </>
    ) : null;
    return (
      <div className="progress" data-testid={`progress-${progress.assessmentId}`}>
        <p>
          <strong>{formatPoints(progress.pointsPossible)} points possible</strong> · results are shown after the exam closes{until} ·{" "}
          <span className="tag">{STATUS_LABEL[progress.status]}</span>
        </p>
      </div>
    );
  }
  const fraction = progress.pointsPossible === 0 ? 0 : progress.pointsEarned / progress.pointsPossible;
  return (
    <div className="progress" data-testid={`progress-${progress.assessmentId}`}>
      <p>
        <strong>
          {formatPoints(progress.pointsEarned)} of {formatPoints(progress.pointsPossible)} points
        </strong>{" "}
        · {progress.partsCorrect} of {progress.partsTotal} parts correct · <span className="tag">{STATUS_LABEL[progress.status]}</span>
      </p>
      <progress max={1} value={fraction} aria-label={`${Math.round(fraction * 100)}% of the points`} />
    </div>
  );
}
