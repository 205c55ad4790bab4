import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getExceptionsPage } from "@/lib/exceptions/get-exceptions-page";
import { describeTerms } from "@/lib/exceptions/describe-exceptions";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { DueDate } from "@/app/components/dates/due-date";
import { LocalDate } from "@/app/components/dates/local-date";
import { staffPageData } from "../../staff-page-data";
import { ExceptionForm } from "./exception-form";
import { DeleteExceptionButton } from "./delete-exception-button";
import { ExceptionImport } from "./exception-import";
import { ScrollBox } from "@/app/components/table/scroll-box";

export const metadata = { title: "Exceptions" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string }>;
}

/** An assessment's per-student and per-section exceptions: TAs read them, instructors grant and remove them. */
export default async function ExceptionsPage({ params }: PageProps) {
  const { assessmentId } = await params;
  const page = await staffPageData(`/gradebook/${assessmentId}/exceptions`, (actor) =>
    getExceptionsPage({ db: getDb(), actor, assessmentId }),
  );
  const { assessment } = page;
  return (
    <div className="gb-wide">
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / {assessment.course.title} /{" "}
        <Link href={`/gradebook/${assessmentId}`}>{assessment.title}</Link>
      </p>
      <h1>Exceptions</h1>
      <p className="muted">
        Due <DueDate at={assessment.dueAt} timeZone={assessment.course.timeZone} />
        {assessment.lateCutoffAt && (
          <>
            {" "}
            · no submissions after <LocalDate at={assessment.lateCutoffAt} timeZone={assessment.course.timeZone} />
          </>
        )}
        {assessment.attemptLimit !== null && ` · ${assessment.attemptLimit} attempts per problem`}
        {assessment.timeLimitMinutes !== null && ` · ${assessment.timeLimitMinutes} minutes`}. A student&apos;s exceptions and their
        section&apos;s combine, the most generous of each term counting; a time accommodation set on the course roster applies as well.
      </p>
      <AssessmentNav assessmentId={assessmentId} current="exceptions" />
      <section className="card" aria-labelledby="granted">
        <h2 id="granted">
          {page.exceptions.length} {page.exceptions.length === 1 ? "exception" : "exceptions"}
        </h2>
        <ScrollBox label="Exceptions">
          <table data-testid="exceptions-list">
            <thead>
              <tr>
                <th scope="col">For</th>
                <th scope="col">Grants</th>
                <th scope="col">Reason</th>
                <th scope="col">By</th>
                <th scope="col">When</th>
                {page.canEdit && <th scope="col">Remove</th>}
              </tr>
            </thead>
            <tbody>
              {page.exceptions.length === 0 && (
                <tr>
                  <td colSpan={page.canEdit ? 6 : 5} className="muted">
                    None yet.
                  </td>
                </tr>
              )}
              {page.exceptions.map((exception) => {
                const who = exception.user ? `${exception.user.name} (${exception.user.email})` : `section ${exception.section}`;
                return (
                  <tr key={exception.id}>
                    <td>{who}</td>
                    <td>{describeTerms(exception, assessment.course.timeZone)}</td>
                    <td>{exception.reason}</td>
                    <td>{exception.createdBy?.name ?? <span className="muted">a removed account</span>}</td>
                    <td>
                      <LocalDate at={exception.createdAt} timeZone={assessment.course.timeZone} />
                    </td>
                    {page.canEdit && (
                      <td>
                        <DeleteExceptionButton assessmentId={assessmentId} id={exception.id} who={who} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </ScrollBox>
      </section>
      {page.canEdit ? (
        <>
          <section className="card" aria-labelledby="grant">
            <h2 id="grant">Grant an exception</h2>
            <ExceptionForm
              assessmentId={assessmentId}
              students={page.students}
              sections={page.sections}
              timeZone={assessment.course.timeZone}
            />
          </section>
          <section className="card" aria-labelledby="import">
            <h2 id="import">Import from CSV</h2>
            <ExceptionImport assessmentId={assessmentId} timeZone={assessment.course.timeZone} />
          </section>
        </>
      ) : (
        <p className="muted">Only the course&apos;s instructors grant or remove exceptions.</p>
      )}
    </div>
  );
}
