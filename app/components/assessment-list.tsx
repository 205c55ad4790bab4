import Link from "next/link";
import type { AssessmentSummary } from "@/lib/courses/list-courses-for-user";
import type { AssessmentProgress } from "@/lib/progress/assessment-progress";
import { formatDue } from "./format-due";
import { formatPoints, STATUS_LABEL } from "./progress-summary";

/** A course's assessments; with `progress` (a student's view), their points, parts and status too. */
export function AssessmentList({
  assessments,
  progress,
}: {
  assessments: AssessmentSummary[];
  progress?: Map<string, AssessmentProgress>;
}) {
  if (assessments.length === 0) return <p className="muted">No assessments yet.</p>;
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Assessment</th>
          {progress ? (
            <>
              <th scope="col">Points</th>
              <th scope="col">Parts correct</th>
              <th scope="col">Status</th>
            </>
          ) : (
            <th scope="col">Problems</th>
          )}
          <th scope="col">Due</th>
        </tr>
      </thead>
      <tbody>
        {assessments.map((assessment) => {
          const mine = progress?.get(assessment.id);
          return (
            <tr key={assessment.id}>
              <td>
                <Link href={`/assessments/${assessment.id}`}>{assessment.title}</Link>{" "}
                {!assessment.published && <span className="tag">draft</span>}
              </td>
              {progress ? (
                <>
                  <td data-testid={`points-${assessment.id}`}>
                    {!mine ? "—" : mine.pointsEarned === null ? `after close / ${formatPoints(mine.pointsPossible)}` : `${formatPoints(mine.pointsEarned)} / ${formatPoints(mine.pointsPossible)}`}
                  </td>
                  <td>{!mine ? "—" : mine.partsCorrect === null ? "after close" : `${mine.partsCorrect} / ${mine.partsTotal}`}</td>
                  <td>{mine && <span className="tag">{STATUS_LABEL[mine.status]}</span>}</td>
                </>
              ) : (
                <td>{assessment.problemCount}</td>
              )}
              <td>{formatDue(assessment.dueAt)}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
