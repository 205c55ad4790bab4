import Link from "next/link";
import type { AssessmentSummary } from "@/lib/courses/list-courses-for-user";
import type { AssessmentProgress } from "@/lib/progress/assessment-progress";
import { DueDate } from "./dates/due-date";
import { LocalDate } from "./dates/local-date";
import { formatPoints, STATUS_LABEL } from "./progress-summary";
import { DataTable, type DataColumn } from "./table/data-table";

/**
 * A course's assessments; with `progress` (a student's view), their points, parts and status too.
 * Each title links to `href(assessment)`: the student's page by default, the gradebook for staff.
 */
export function AssessmentList({
  assessments,
  progress,
  href = (assessment) => `/assessments/${assessment.id}`,
  timeZone,
}: {
  assessments: AssessmentSummary[];
  /** The course's zone, shown beside the viewer's. */
  timeZone: string;
  progress?: Map<string, AssessmentProgress>;
  href?: (assessment: AssessmentSummary) => string;
}) {
  const title: DataColumn<AssessmentSummary> = {
    header: "Assessment",
    cell: (assessment) => (
      <>
        <Link href={href(assessment)}>{assessment.title}</Link> {!assessment.published && <span className="tag">draft</span>}
        {assessment.opensAt && assessment.opensAt.getTime() > Date.now() && (
          <span className="muted small" data-testid={`opens-${assessment.id}`}>
            {" "}
            opens <LocalDate at={assessment.opensAt} timeZone={timeZone} />
          </span>
        )}
        {assessment.timeLimitMinutes !== null && <span className="tag">{assessment.timeLimitMinutes} min</span>}
      </>
    ),
  };
  const due: DataColumn<AssessmentSummary> = {
    header: "Due",
    cell: (assessment) => <DueDate at={assessment.dueAt} timeZone={timeZone} testId={`due-${assessment.id}`} />,
  };
  const middle: DataColumn<AssessmentSummary>[] = progress
    ? [
        {
          header: "Points",
          cell: (assessment) => {
            const mine = progress.get(assessment.id);
            if (!mine) return "—";
            return mine.pointsEarned === null
              ? `after close / ${formatPoints(mine.pointsPossible)}`
              : `${formatPoints(mine.pointsEarned)} / ${formatPoints(mine.pointsPossible)}`;
          },
          testId: (assessment) => `points-${assessment.id}`,
        },
        {
          header: "Parts correct",
          cell: (assessment) => {
            const mine = progress.get(assessment.id);
            if (!mine) return "—";
            return mine.partsCorrect === null ? "after close" : `${mine.partsCorrect} / ${mine.partsTotal}`;
          },
        },
        {
          header: "Status",
          cell: (assessment) => {
            const mine = progress.get(assessment.id);
            return mine && <span className="tag">{STATUS_LABEL[mine.status]}</span>;
          },
        },
      ]
    : [{ header: "Problems", cell: (assessment) => assessment.problemCount }];
  return (
    <DataTable columns={[title, ...middle, due]} rows={assessments} rowKey={(assessment) => assessment.id} empty="No assessments yet." />
  );
}
