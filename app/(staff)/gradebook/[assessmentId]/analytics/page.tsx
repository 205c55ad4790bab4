import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { getProblemAnalytics, type PartAnalytics } from "@/lib/analytics/get-problem-analytics";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { ScoreChart } from "@/app/components/gradebook/score-chart";
import { DataTable } from "@/app/components/table/data-table";
import { formatJson } from "@/app/components/gradebook/format";
import { staffPageData } from "../../staff-page-data";

export const metadata = { title: "Analytics" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string }>;
  searchParams: Promise<{ problem?: string; member?: string }>;
}

/** Per part of one problem: the score distribution, the known mistakes that fired, and the most common wrong answers. */
export default async function AnalyticsPage({ params, searchParams }: PageProps) {
  const { assessmentId } = await params;
  const { problem, member } = await searchParams;
  const db = getDb();
  const { assessment, columns, analytics } = await staffPageData(`/gradebook/${assessmentId}/analytics`, async (actor) => {
    const staff = await loadStaffAssessment({ db, actor, assessmentId });
    const chosen = staff.columns.find((c) => c.assessmentProblemId === problem) ?? staff.columns[0];
    // A member of another pool (left in the address after choosing another problem) falls back to the pool's first.
    const ofPool = chosen?.pool.some((m) => m.slug === member) ? member : undefined;
    return {
      ...staff,
      analytics: chosen
        ? await getProblemAnalytics({ db, actor, assessmentId, assessmentProblemId: chosen.assessmentProblemId, member: ofPool })
        : null,
    };
  });
  return (
    <>
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / <Link href={`/gradebook/${assessmentId}`}>{assessment.title}</Link>
      </p>
      <h1>Analytics</h1>
      <AssessmentNav assessmentId={assessmentId} current="analytics" />
      <form method="get" className="gb-filters" aria-label="Choose a problem">
        <label>
          Problem
          <select name="problem" defaultValue={analytics?.assessmentProblemId}>
            {columns.map((c) => (
              <option key={c.assessmentProblemId} value={c.assessmentProblemId}>
                {c.title}
              </option>
            ))}
          </select>
        </label>
        {analytics && analytics.pool.length > 0 && (
          <label>
            Pool member
            <select name="member" defaultValue={analytics.slug}>
              {analytics.pool.map((m) => (
                <option key={m.slug} value={m.slug}>
                  {m.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <div className="gb-filter-actions">
          <button type="submit">Show</button>
        </div>
      </form>
      {analytics === null ? (
        <p className="muted">This assessment has no problems.</p>
      ) : (
        <>
          <p className="muted">
            {analytics.title}: {analytics.studentsSubmitted} {analytics.studentsSubmitted === 1 ? "student" : "students"} submitted,{" "}
            {analytics.submissions} submissions in all.
          </p>
          {analytics.parts.map((part) => (
            <PartSection key={part.partId} part={part} />
          ))}
        </>
      )}
    </>
  );
}

function PartSection({ part }: { part: PartAnalytics }) {
  const headingId = `part-${part.partId}`;
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>
        Part {part.partId} <span className="muted gb-sub-inline">{part.points} pts</span>
      </h2>
      <div className="gb-analytics">
        <figure>
          <ScoreChart buckets={part.distribution} label={`Part ${part.partId}`} />
          <figcaption>
            {/* Transposed: one heading per bucket, and a single row of student counts under them. */}
            <DataTable
              className="gb-compact"
              caption={<>Counted scores of {part.studentsScored} students (overrides applied)</>}
              columns={part.distribution.map((bucket) => ({ header: bucket.label, cell: () => bucket.students }))}
              rows={[part]}
              rowKey={(scored) => scored.partId}
            />
          </figcaption>
        </figure>
        {part.rubricItems.length > 0 && (
          <div data-testid={`rubric-${part.partId}`}>
            <h3>Rubric items</h3>
            <p className="muted">Checked in the current grades of {part.studentsGradedByRubric} students graded through the queue.</p>
            <ul className="gb-mistakes">
              {part.rubricItems.map((item) => (
                <li key={item.id}>
                  <strong>
                    {item.students} {item.students === 1 ? "student" : "students"}
                  </strong>
                  : {item.label} <span className="muted">({item.points} pts)</span>
                </li>
              ))}
            </ul>
          </div>
        )}
        <div>
          <h3>Known mistakes</h3>
          {part.mistakes.length === 0 ? (
            <p className="muted">None fired.</p>
          ) : (
            <ul className="gb-mistakes">
              {part.mistakes.map((mistake) => (
                <li key={mistake.mistakeId}>
                  <strong>
                    {mistake.students} {mistake.students === 1 ? "student" : "students"}
                  </strong>
                  : {mistake.message} <span className="muted">({mistake.submissions} submissions)</span>
                </li>
              ))}
            </ul>
          )}
        </div>
      </div>
      <h3>Most common wrong answers</h3>
      <DataTable
        rows={part.wrongAnswers}
        rowKey={(group) => group.fingerprint}
        empty="No wrong answers."
        columns={[
          { header: "Example answer", cell: (group) => <code className="gb-code">{formatJson(group.example)}</code> },
          { header: "Students", cell: (group) => group.students, className: "gb-num" },
          { header: "Submissions", cell: (group) => group.submissions, className: "gb-num" },
          { header: "Feedback given", cell: (group) => group.feedback },
        ]}
      />
      {part.wrongAnswerGroups > part.wrongAnswers.length && (
        <p className="muted gb-small">
          {part.wrongAnswerGroups - part.wrongAnswers.length} rarer wrong answers not shown; the submissions CSV has them all.
        </p>
      )}
    </section>
  );
}
