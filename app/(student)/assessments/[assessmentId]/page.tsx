import Link from "next/link";
import { notFound } from "next/navigation";
import { pageUser } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { visitAssessment } from "@/lib/courses/get-assessment-for-user";
import { timeLimitInfo } from "@/lib/submissions/standing";
import { TimeLimitCountdown } from "@/app/components/time-limit-countdown";
import { assessmentProgress } from "@/lib/progress/assessment-progress";
import { ProgressSummary, formatPoints } from "@/app/components/progress-summary";
import { DueDate } from "@/app/components/dates/due-date";
import { LocalDate } from "@/app/components/dates/local-date";
import { countedText, feedbackModeText } from "@/app/components/problem/policy-text";
import { effectiveRulesFor } from "@/lib/exceptions/effective-rules";
import { exceptionSummaryFor } from "@/lib/exceptions/describe-exceptions";
import { rulesOf } from "@/lib/submissions/standing";
import { STANDARD_TIME } from "@/lib/submissions/policy";
import { ScrollBox } from "@/app/components/table/scroll-box";

export const dynamic = "force-dynamic";

export default async function AssessmentPage({ params }: { params: Promise<{ assessmentId: string }> }) {
  const { assessmentId } = await params;
  const user = await pageUser(`/assessments/${assessmentId}`);
  const db = getDb();
  const now = new Date();
  let visit;
  try {
    visit = await visitAssessment({ db, userId: user.id, assessmentId, now });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  const { assessment } = visit;
  const timeZone = assessment.course.timeZone;
  if (!visit.open) {
    // Before it opens a student learns that it exists and when it opens, nothing of its problems.
    return (
      <>
        <p className="muted">
          <Link href="/courses">My courses</Link> / {assessment.course.title}
        </p>
        <h1>{assessment.title}</h1>
        <p className="notice" data-testid="not-open">
          This assessment opens at <DueDate at={assessment.opensAt} timeZone={timeZone} />. Its problems are shown from then.
        </p>
      </>
    );
  }
  // A student's own exceptions and accommodation (never anyone else's); staff see the assessment's own rules.
  const isStudent = visit.role === "STUDENT";
  const effective = isStudent ? await effectiveRulesFor(db, user.id, assessment, rulesOf(assessment)) : null;
  const myException = isStudent ? await exceptionSummaryFor(db, assessment.id, user.id) : null;
  const allowance = effective?.allowance ?? STANDARD_TIME;
  const timeLimit = timeLimitInfo(
    {
      window: {
        opensAt: assessment.opensAt,
        timeLimitMinutes: assessment.timeLimitMinutes,
        lateCutoffAt: effective?.rules.lateCutoffAt ?? assessment.lateCutoffAt,
      },
      startedAt: visit.startedAt,
      allowance,
    },
    now,
  );
  const myMinutes =
    assessment.timeLimitMinutes === null ? null : Math.round(assessment.timeLimitMinutes * allowance.multiplier + allowance.extraMinutes);
  const [progress] = await assessmentProgress({ db, userId: user.id, assessmentIds: [assessment.id], now });
  // What the student sees is what applies to them: their exceptions' dates and attempts, not the assessment's defaults.
  const mine = effective?.rules ?? rulesOf(assessment);
  const yours = (changed: boolean) => (changed ? " (with your exception)" : "");
  return (
    <>
      <p className="muted">
        <Link href="/courses">My courses</Link> / {assessment.course.title}
      </p>
      <h1>{assessment.title}</h1>
      {assessment.description && <p>{assessment.description}</p>}
      {myException && (
        <p className="notice" data-testid="my-exception">
          Your exception: {myException}.
        </p>
      )}
      {timeLimit?.endsAt && timeLimit.remainingSeconds !== null && (
        <TimeLimitCountdown remainingSeconds={timeLimit.remainingSeconds} endsAt={timeLimit.endsAt} timeZone={timeZone} />
      )}
      <section className="card" aria-labelledby="rules">
        <h2 id="rules">Rules</h2>
        <ul>
          {assessment.opensAt && (
            <li>
              Opens: <LocalDate at={assessment.opensAt} timeZone={timeZone} testId="opens-at" />
            </li>
          )}
          <li>
            Due: <DueDate at={mine.dueAt} timeZone={timeZone} testId="due-at" />
            {yours(mine.dueAt?.getTime() !== assessment.dueAt?.getTime())}
            {progress.late && <strong> (now late)</strong>}
          </li>
          <li>
            Attempts per problem: {mine.attemptLimit ?? "unlimited"}
            {yours(mine.attemptLimit !== assessment.attemptLimit)}; {countedText(assessment)}
          </li>
          {feedbackModeText(assessment) && <li>{feedbackModeText(assessment)}</li>}
          {assessment.latePenaltyPerDay > 0 && (
            <li>Late work loses {Math.round(assessment.latePenaltyPerDay * 100)}% per started day after the due date.</li>
          )}
          {mine.lateCutoffAt && (
            <li>
              No submissions after <LocalDate at={mine.lateCutoffAt} timeZone={timeZone} testId="cutoff-at" />
              {yours(mine.lateCutoffAt.getTime() !== assessment.lateCutoffAt?.getTime())}.
            </li>
          )}
          {assessment.timeLimitMinutes !== null && (
            <li>
              Time limit: {myMinutes} minutes
              {myMinutes !== assessment.timeLimitMinutes && ` for you (${assessment.timeLimitMinutes} by default)`} from when you first open
              this assessment or one of its problems
              {mine.lateCutoffAt && ", and never past the cut-off"}.
            </li>
          )}
        </ul>
        <ProgressSummary progress={progress} />
      </section>
      <section className="card" aria-labelledby="problems">
        <h2 id="problems">Problems</h2>
        <ScrollBox label="Problems and scores">
          <table>
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col">Score</th>
                <th scope="col">Parts correct</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {progress.problems.map((problem) => (
                <tr key={problem.assessmentProblemId}>
                  <td>
                    <Link href={`/assessments/${assessment.id}/problems/${problem.slug}`}>{problem.title}</Link>
                  </td>
                  <td data-testid={`score-${problem.slug}`}>
                    {problem.pointsEarned === null ? "after close" : formatPoints(problem.pointsEarned)} / {formatPoints(problem.points)}
                  </td>
                  <td>{problem.partsCorrect === null ? "after close" : `${problem.partsCorrect} / ${problem.partsTotal}`}</td>
                  <td>
                    {problem.attemptsUsed}
                    {mine.attemptLimit !== null && ` / ${mine.attemptLimit}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </>
  );
}
