import Link from "next/link";
import { getDb } from "@/lib/db/client";
import { loadStaffAssessment } from "@/lib/gradebook/load-staff-assessment";
import { listRegradeStatus } from "@/lib/regrade/list-regrade-status";
import { AssessmentNav } from "@/app/components/gradebook/assessment-nav";
import { RegradePanel } from "@/app/components/gradebook/regrade-panel";
import { staffPageData } from "../../staff-page-data";

export const metadata = { title: "Regrade" };
export const dynamic = "force-dynamic";

/** Each placed problem's version against the newest one, and a preview-then-apply regrade where they differ. */
export default async function RegradePage({ params }: { params: Promise<{ assessmentId: string }> }) {
  const { assessmentId } = await params;
  const db = getDb();
  const { assessment, problems } = await staffPageData(`/gradebook/${assessmentId}/regrade`, async (actor) => ({
    assessment: (await loadStaffAssessment({ db, actor, assessmentId })).assessment,
    problems: await listRegradeStatus({ db, actor, assessmentId }),
  }));
  return (
    <>
      <p className="muted">
        <Link href="/gradebook">Gradebook</Link> / <Link href={`/gradebook/${assessmentId}`}>{assessment.title}</Link>
      </p>
      <h1>Regrade</h1>
      <AssessmentNav assessmentId={assessmentId} current="regrade" />
      <p>
        When a problem&apos;s references or tolerances change, it gets a new version. Regrading grades every stored answer again with the
        new version (same variant, same late penalty) and moves the problem and its variants to it. Overrides stay as they are and keep
        deciding the scores they decide.
      </p>
      {problems.map((problem) => {
        const current = problem.placedVersion === problem.latestVersion && problem.outdatedSubmissions === 0;
        return (
          <section
            key={`${problem.assessmentProblemId}:${problem.slug}`}
            className="card"
            aria-labelledby={`regrade-${problem.assessmentProblemId}-${problem.slug}`}
          >
            <h2 id={`regrade-${problem.assessmentProblemId}-${problem.slug}`}>
              {problem.title}
              {problem.member && <span className="muted gb-sub-inline"> (a pool member)</span>}
            </h2>
            <p className="muted">
              Placed with version {problem.placedVersion}; newest version {problem.latestVersion}.{" "}
              {problem.outdatedSubmissions > 0 && `${problem.outdatedSubmissions} submissions were graded with an older version. `}
              {!problem.definitionAvailable && "Students cannot open this problem until it is regraded."}
            </p>
            {current ? (
              <p>Up to date: nothing to regrade.</p>
            ) : (
              <RegradePanel
                assessmentId={assessmentId}
                assessmentProblemId={problem.assessmentProblemId}
                title={problem.title}
                member={problem.member}
              />
            )}
          </section>
        );
      })}
    </>
  );
}
