import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { getGradingQueue } from "@/lib/manual-grading/get-grading-queue";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { staffPageData } from "../../staff-page-data";
import { gradingPath } from "./grading-path";
import { ScrollBox } from "@/app/components/table/scroll-box";

export const metadata = { title: "Grading queue" };
export const dynamic = "force-dynamic";

interface PageProps {
  params: Promise<{ assessmentId: string }>;
}

/** The TA queue: each free-text part of the assessment (of a pool, each member's, under its title) with how many answers need grading, and a way in. */
export default async function GradingQueuePage({ params }: PageProps) {
  const { assessmentId } = await params;
  const db = getDb();
  const queue = await staffPageData(`/gradebook/${assessmentId}/grading`, (actor) => getGradingQueue({ db, actor, assessmentId }));
  return (
    <>
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / <Link href={`/gradebook/${assessmentId}`}>{queue.assessment.title}</Link>
      </p>
      <h1>Grading queue</h1>
      <AssessmentNav assessmentId={assessmentId} current="grading" />
      {queue.parts.length === 0 ? (
        <p className="muted">This assessment has no free-text parts: everything in it is graded automatically.</p>
      ) : (
        <ScrollBox label="Grading queue">
          <table className="data-table" data-testid="grading-queue">
            <thead>
              <tr>
                <th scope="col">Problem</th>
                <th scope="col">Part</th>
                <th scope="col">Needs grading</th>
                <th scope="col">Graded</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>
              {queue.parts.map((part) => (
                <tr
                  key={`${part.assessmentProblemId}/${part.member ?? ""}/${part.partId}`}
                  data-part={part.partId}
                  data-member={part.member}
                >
                  <td>{part.problemTitle}</td>
                  <td>
                    <code>{part.partId}</code>
                  </td>
                  <td data-testid="needs-grading">{part.needsGrading}</td>
                  <td>{part.graded}</td>
                  <td>
                    {part.needsGrading > 0 ? (
                      <Link href={gradingPath(assessmentId, part.assessmentProblemId, part.partId, { member: part.member })}>
                        Grade next
                      </Link>
                    ) : (
                      <span className="muted">nothing to grade</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      )}
    </>
  );
}
