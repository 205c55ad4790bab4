import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getStudentReview, type ReviewProblem } from "@/lib/gradebook/get-student-review";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { OverrideForm } from "@/app/components/gradebook/override-form";
import { VariantParams } from "@/app/components/gradebook/variant-params";
import { DataTable } from "@/app/components/table/data-table";
import { formatJson, formatPercent, formatPoints } from "@/app/components/gradebook/format";
import { LocalDate } from "@/app/components/dates/local-date";
import { staffPageData } from "../../../staff-page-data";
import { exceptionSummaryFor } from "@/lib/exceptions/describe-exceptions";

export const metadata = { title: "Student review" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string; studentId: string }>;
}

/** One student's work: per problem, the variant with its references, every submission, the overrides and a form to set a score. */
export default async function StudentReviewPage({ params }: PageProps) {
  const { assessmentId, studentId } = await params;
  const review = await staffPageData(`/gradebook/${assessmentId}/students/${studentId}`, (actor) =>
    getStudentReview({ db: getDb(), actor, assessmentId, studentId }),
  );
  // Read after getStudentReview checked the staff role.
  const exception = await exceptionSummaryFor(getDb(), assessmentId, studentId);
  const earned = review.problems.reduce((sum, p) => sum + p.standing.pointsEarned, 0);
  const possible = review.problems.reduce((sum, p) => sum + p.points, 0);
  const timeZone = review.assessment.timeZone;
  return (
    <>
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / <Link href={`/gradebook/${assessmentId}`}>{review.assessment.title}</Link>
      </p>
      <h1>{review.student.name}</h1>
      <p className="muted">
        {review.student.email}
        {review.student.section && ` · section ${review.student.section}`} · {formatPoints(earned)} of {formatPoints(possible)} points
      </p>
      {exception && (
        <p className="notice" data-testid="exception-review">
          Exception: {exception}. <Link href={`/gradebook/${assessmentId}/exceptions`}>See or change exceptions</Link>
        </p>
      )}
      {review.timeLimit && (
        <p data-testid="time-limit-review">
          Time limit {review.timeLimit.minutes} minutes:{" "}
          {review.timeLimit.startedAt ? (
            <>
              started <LocalDate at={review.timeLimit.startedAt} timeZone={timeZone} />, time ends{" "}
              <LocalDate at={review.timeLimit.endsAt!} timeZone={timeZone} />.
            </>
          ) : (
            "not started yet."
          )}
        </p>
      )}
      <AssessmentNav assessmentId={assessmentId} current={null} />
      {review.problems.map((problem) => (
        <ProblemReview
          key={problem.assessmentProblemId}
          problem={problem}
          assessmentId={assessmentId}
          studentId={studentId}
          timeZone={timeZone}
        />
      ))}
    </>
  );
}

function ProblemReview({
  problem,
  assessmentId,
  studentId,
  timeZone,
}: {
  problem: ReviewProblem;
  assessmentId: string;
  studentId: string;
  timeZone: string;
}) {
  const headingId = `problem-${problem.assessmentProblemId}`;
  return (
    <section className="card gb-review" aria-labelledby={headingId}>
      <h2 id={headingId}>
        {problem.title}{" "}
        <span className="gb-score">
          {problem.standing.score === null
            ? "not attempted"
            : `${formatPoints(problem.standing.pointsEarned)} / ${formatPoints(problem.points)}`}
        </span>
      </h2>
      {problem.variant ? (
        <p className="muted">
          Variant seed {problem.variant.seed}, version {problem.variant.version}
        </p>
      ) : (
        <p className="muted">{problem.variantError ?? "The student has not opened this problem yet."}</p>
      )}
      {problem.variant && (
        <details>
          <summary>Parameters and references</summary>
          <VariantParams params={problem.variant.params} />
          <DataTable
            rows={problem.parts}
            rowKey={(part) => part.id}
            columns={[
              { header: "Part", cell: (part) => part.id, rowHeader: true },
              {
                header: "Counted",
                cell: (part) => (part.id in problem.standing.partScores ? formatPercent(problem.standing.partScores[part.id]) : "—"),
              },
              { header: "Reference", cell: (part) => <code className="gb-code">{formatJson(part.reference)}</code> },
            ]}
          />
        </details>
      )}

      <h3>Submissions</h3>
      {problem.submissions.length === 0 ? (
        <p className="muted">No submissions.</p>
      ) : (
        problem.submissions.map((submission) => (
          <details key={submission.submissionId} className="gb-submission">
            <summary>
              Attempt {submission.attempt} · <LocalDate at={submission.submittedAt} timeZone={timeZone} /> ·{" "}
              {formatPercent(submission.score)}
              {submission.late && <span className="gb-flag gb-late">late −{formatPercent(submission.latePenalty)}</span>}
              <span className="muted"> · graded with v{submission.version}</span>
            </summary>
            <DataTable
              rows={submission.parts}
              rowKey={(part) => part.id}
              columns={[
                { header: "Part", cell: (part) => part.id, rowHeader: true },
                { header: "Answer", cell: (part) => <code className="gb-code">{formatJson(submission.answers[part.id])}</code> },
                {
                  header: "Score",
                  // A free-text answer's score is pending until graded; its grade shows among the overrides.
                  cell: (part) =>
                    part.status === "unanswered" ? "—" : part.status === "needsGrading" ? "needs grading" : formatPercent(part.score),
                },
                {
                  header: "Feedback",
                  cell: (part) => (
                    <>
                      {part.feedback}
                      {part.mistakeId && <span className="tag">{part.mistakeId}</span>}
                    </>
                  ),
                },
              ]}
            />
            <p className="muted gb-small">
              Graded <LocalDate at={submission.gradedAt} timeZone={timeZone} />
            </p>
          </details>
        ))
      )}

      <h3>Overrides</h3>
      {problem.overrides.length === 0 ? (
        <p className="muted">None.</p>
      ) : (
        <ul className="gb-overrides">
          {problem.overrides.map((override) => (
            <li key={override.id}>
              <strong>{override.partId === "" ? "Whole problem" : `Part ${override.partId}`}</strong>:{" "}
              {override.before === null ? "—" : formatPercent(override.before)} → {formatPercent(override.score)}
              <span className="muted">
                {" "}
                by {override.createdBy}, <LocalDate at={override.createdAt} timeZone={timeZone} />
              </span>
              <blockquote>{override.comment}</blockquote>
            </li>
          ))}
        </ul>
      )}
      <OverrideForm
        assessmentId={assessmentId}
        studentId={studentId}
        assessmentProblemId={problem.assessmentProblemId}
        problemTitle={problem.title}
        points={problem.points}
        parts={problem.parts.map(({ id, points }) => ({ id, points }))}
      />
    </section>
  );
}
