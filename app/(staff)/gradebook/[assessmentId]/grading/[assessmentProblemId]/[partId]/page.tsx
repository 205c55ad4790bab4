import Link from "next/link";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { openAnswer, openNextAnswer } from "@/lib/manual-grading/open-answer";
import { formatPercent } from "@/app/components/gradebook/format";
import { LocalDate } from "@/app/components/dates/local-date";
import { staffPageData } from "../../../../staff-page-data";
import { gradingPath } from "../../grading-path";
import { GradeForm } from "./grade-form";

export const metadata = { title: "Grade an answer" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string; assessmentProblemId: string; partId: string }>;
  searchParams: Promise<{ student?: string; skip?: string; member?: string }>;
}

/**
 * One free-text answer with its rubric. Opening it claims it for this TA
 * (lib/manual-grading/claim-answer.ts: a lease, renewed on each visit);
 * without a student, the next unclaimed answer that needs grading is
 * claimed and shown. The answer is shown as plain text, never as markup.
 */
export default async function GradeAnswerPage({ params, searchParams }: PageProps) {
  const { assessmentId, assessmentProblemId, partId: encodedPartId } = await params;
  const partId = decodeURIComponent(encodedPartId);
  const { student, skip, member } = await searchParams;
  const db = getDb();
  const position = { assessmentId, assessmentProblemId, partId, member };
  const here = gradingPath(assessmentId, assessmentProblemId, partId, { student, member });
  const opened = await staffPageData(here, (actor) =>
    student ? openAnswer(db, actor, { ...position, studentId: student }) : openNextAnswer(db, actor, { ...position, skip }),
  );
  if (opened && !student) redirect(gradingPath(assessmentId, assessmentProblemId, partId, { student: opened.student.id, member }));
  const queueLink = (
    <p className="muted">
      <Link href={`/gradebook/${assessmentId}`}>Gradebook</Link> / <Link href={`/gradebook/${assessmentId}/grading`}>Grading queue</Link>
    </p>
  );
  if (!opened) {
    return (
      <>
        {queueLink}
        <h1>Part {partId}</h1>
        <p data-testid="queue-empty">Nothing left to grade here that another TA is not already grading.</p>
      </>
    );
  }
  const { part, answer, claim, currentGrade } = opened;
  return (
    <>
      {queueLink}
      <h1>
        {part.problemTitle}, part {part.partId}
      </h1>
      <p data-testid="grading-progress">
        Answer {opened.position} of {opened.total} · <strong>{opened.left} left to grade</strong>
      </p>
      <nav className="grading-nav" aria-label="Answers">
        {opened.previousStudentId ? (
          <Link href={gradingPath(assessmentId, assessmentProblemId, partId, { student: opened.previousStudentId, member })}>Previous</Link>
        ) : (
          <span className="muted">Previous</span>
        )}{" "}
        ·{" "}
        {opened.nextStudentId ? (
          <Link href={gradingPath(assessmentId, assessmentProblemId, partId, { student: opened.nextStudentId, member })}>Next</Link>
        ) : (
          <span className="muted">Next</span>
        )}
      </nav>
      <section className="card">
        <h2>The question</h2>
        <p className="plain-text">{part.prompt}</p>
        <h2>
          {opened.student.name || opened.student.email}&apos;s answer{" "}
          <span className="muted">({answer.graded ? "graded" : "needs grading"})</span>
        </h2>
        {/* Plain text: React escapes it, and pre-wrap keeps the student's line breaks. */}
        <div className="free-text-answer" data-testid="answer-text" style={{ whiteSpace: "pre-wrap" }}>
          {answer.text}
        </div>
        {currentGrade && (
          <p data-testid="current-grade">
            Current grade: {formatPercent(currentGrade.score)} of {part.points} points. “{currentGrade.comment}”
          </p>
        )}
      </section>
      {claim.claimed ? (
        // Keyed by the answer: its ticks and typed score are state, which must not carry over to the next student's answer.
        <GradeForm
          key={`${opened.student.id}:${answer.submissionId}`}
          assessmentId={assessmentId}
          assessmentProblemId={assessmentProblemId}
          partId={partId}
          member={part.member}
          studentId={opened.student.id}
          points={part.points}
          rubric={part.rubric}
          checked={currentGrade?.rubricItemIds ?? []}
        />
      ) : (
        <p className="error" role="status" data-testid="claimed-by">
          {claim.heldByName} is grading this answer (claimed until <LocalDate at={claim.expiresAt} timeZone={opened.timeZone} />
          ). Open the next one instead.
        </p>
      )}
      <p>
        <Link href={gradingPath(assessmentId, assessmentProblemId, partId, { member, skip: opened.student.id })}>
          Skip to the next answer that needs grading
        </Link>
      </p>
    </>
  );
}
