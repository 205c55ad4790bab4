import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getGradebook, type GradebookQuery } from "@/lib/gradebook/get-gradebook";
import { gradebookQuerySchema } from "@/lib/gradebook/requests";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { GradebookFilters } from "@/app/components/gradebook/gradebook-filters";
import { GradebookTable } from "@/app/components/gradebook/gradebook-table";
import { Pagination } from "@/app/components/gradebook/pagination";
import { DueDate } from "@/app/components/dates/due-date";
import { exceptionNotes } from "@/lib/exceptions/describe-exceptions";
import { listScoreSync } from "@/lib/lti/ags/score-sync";
import { LmsScoreSync } from "@/app/components/gradebook/lms-score-sync";
import { staffPageData } from "../staff-page-data";

export const metadata = { title: "Gradebook" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function AssessmentGradebookPage({ params, searchParams }: PageProps) {
  const { assessmentId } = await params;
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // A hand-edited URL with a bad value shows the default view rather than an error page.
  const parsed = gradebookQuerySchema.safeParse(raw);
  const query: GradebookQuery = parsed.success ? parsed.data : {};
  const book = await staffPageData(`/gradebook/${assessmentId}`, (actor) => getGradebook({ db: getDb(), actor, assessmentId, ...query }));
  // Read after getGradebook checked the staff role, for the students on this page only.
  const notes = await exceptionNotes(getDb(), assessmentId, book.rows);
  const lmsScores = await staffPageData(`/gradebook/${assessmentId}`, (actor) => listScoreSync(getDb(), actor, assessmentId));
  return (
    <div className="gb-wide">
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / {book.assessment.courseTitle}
      </p>
      <h1>{book.assessment.title}</h1>
      <p className="muted">
        Due <DueDate at={book.assessment.dueAt} timeZone={book.assessment.timeZone} testId="gradebook-due" /> ·{" "}
        {
          { BEST: "best submission counts", LAST: "last submission counts", BEST_PER_PART: "each part's best counts" }[
            book.assessment.scoringPolicy
          ]
        }{" "}
        · late penalties and overrides applied
      </p>
      <AssessmentNav assessmentId={assessmentId} current="grades" />
      {!parsed.success && <p className="notice">Some of the filters in the address were not understood and were left out.</p>}
      <GradebookFilters book={book} query={query} />
      <Pagination book={book} query={query} />
      <GradebookTable book={book} query={query} exceptionNotes={notes} />
      {lmsScores.length > 0 && <LmsScoreSync assessmentId={assessmentId} rows={lmsScores} />}
    </div>
  );
}
