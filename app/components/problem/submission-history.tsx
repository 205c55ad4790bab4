import type { PublicPart } from "@/grader/problems";
import Link from "next/link";
import type { ShownSubmission } from "./problem-state";
import { formatPercent, formatPoints, partPointsText } from "./policy-text";
import { LocalDate } from "@/app/components/dates/local-date";
import { ScrollBox } from "@/app/components/table/scroll-box";

/** A part's cell in the history: not answered, received (results held), or its points. */
function partScoreText(part: ShownSubmission["parts"][number], points: number): string {
  if (part.status === "unanswered") return "not answered";
  if (part.status === "received") return "received";
  if (part.status === "needsGrading") return "needs grading (pending)";
  return partPointsText(part.score, points);
}

export interface SubmissionHistoryProps {
  /** Newest first. */
  submissions: ShownSubmission[];
  /** Older submissions not listed (problem-state.ts shownHistory); "Show all" lists them. */
  olderCount: number;
  /** The page with every submission listed. */
  showAllHref: string;
  parts: PublicPart[];
  /** The problem's points in the assessment, to show each score in points. */
  points: number;
  /** The course's zone, shown beside the viewer's. */
  timeZone: string;
}

/** The student's submissions, newest first, each with its per-part feedback behind a disclosure; the oldest behind "Show all". */
export function SubmissionHistory({ submissions, olderCount, showAllHref, parts, points, timeZone }: SubmissionHistoryProps) {
  const pointsOf = new Map(parts.map((part) => [part.id, part.points]));
  return (
    <section className="card submission-history" aria-labelledby="history-heading">
      <h2 id="history-heading">Your submissions</h2>
      {submissions.length === 0 ? (
        <p className="muted">No submissions yet.</p>
      ) : (
        <ol className="history-list" data-testid="history">
          {submissions.map((entry) => (
            <li key={entry.submissionId}>
              <details>
                <summary>
                  <span className="history-attempt">Attempt {entry.attempt}</span>
                  <span className="muted">
                    {" "}
                    · <LocalDate at={entry.submittedAt} timeZone={timeZone} />
                  </span>
                  <span className="history-score">
                    {" "}
                    ·{" "}
                    {entry.score === null
                      ? "received, result after the exam closes"
                      : `${formatPoints(entry.score * points)} / ${formatPoints(points)} points (${formatPercent(entry.score)})`}
                  </span>
                  {entry.late && <span className="tag late">late, −{formatPercent(entry.latePenalty)}</span>}
                </summary>
                <ScrollBox label="Parts of this submission">
                  <table className="history-parts">
                    <thead>
                      <tr>
                        <th scope="col">Part</th>
                        <th scope="col">Score</th>
                        <th scope="col">Feedback</th>
                      </tr>
                    </thead>
                    <tbody>
                      {entry.parts.map((part) => (
                        <tr key={part.id}>
                          <th scope="row">
                            <code>{part.id}</code>
                          </th>
                          <td>{partScoreText(part, pointsOf.get(part.id) ?? 1)}</td>
                          <td>{part.status === "unanswered" ? "" : (part.feedback ?? "")}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </ScrollBox>
              </details>
            </li>
          ))}
        </ol>
      )}
      {olderCount > 0 && (
        <p className="muted" data-testid="older-submissions">
          {olderCount === 1 ? "1 older submission is" : `${olderCount} older submissions are`} not listed.{" "}
          <Link href={showAllHref}>Show all {submissions.length + olderCount} submissions</Link>
        </p>
      )}
    </section>
  );
}
