import Link from "next/link";
import { notFound } from "next/navigation";
import { pageForSession } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getProblemPage } from "@/lib/submissions/get-problem-page";
import { ProblemView } from "@/app/components/problem/problem-view";
import { draftFromRaw } from "@/app/components/problem/answer-draft";
import { renderVariantTexts } from "@/app/components/problem/rendered-texts";
import { latestAnswers, shownHistory } from "@/app/components/problem/problem-state";

export const dynamic = "force-dynamic";

interface Params {
  assessmentId: string;
  slug: string;
}

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { slug } = await params;
  return { title: slug };
}

// The student's problem page. The variant and history are read on the
// server through lib/ (the same views the JSON API answers with, after the
// same checks); submitting goes through POST /api/problems/:slug/submissions.
// Access is checked by the placement's query itself, so the page does not
// wait for the roles the header reads meanwhile: one round trip fewer
// before it renders, which counts in a deadline rush.
export default async function ProblemPage({
  params,
  searchParams,
}: {
  params: Promise<Params>;
  /** `?history=all` lists every submission, not only the newest (problem-state.ts SHOWN_SUBMISSIONS). */
  searchParams: Promise<{ history?: string | string[] }>;
}) {
  const { assessmentId, slug } = await params;
  const listAll = (await searchParams).history === "all";
  const db = getDb();
  let initial;
  let history;
  try {
    ({ view: initial, history } = await pageForSession(`/assessments/${assessmentId}/problems/${slug}`, (user) =>
      getProblemPage({ db, userId: user.id, slug, assessmentId, sessionVersion: user.sessionVersion }),
    ));
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    // Before the assessment opens a student sees when it opens, and nothing of the problem.
    if (error instanceof AppError && error.code === "NOT_YET_OPEN") {
      return (
        <>
          <p className="muted">
            <Link href="/courses">My courses</Link> / <Link href={`/assessments/${assessmentId}`}>Assessment</Link>
          </p>
          <p className="notice" role="status" data-testid="not-open">
            {error.message}
          </p>
        </>
      );
    }
    throw error;
  }
  // Each part starts from its answer in the latest submission that answered
  // it, read here with the grader's parsers so that the browser need not
  // load them to show it.
  const answers = latestAnswers(history.submissions);
  const initialDrafts = Object.fromEntries(initial.variant.parts.map((part) => [part.id, draftFromRaw(part.answer, answers[part.id])]));
  // Revealed references reach the browser rendered (texts), not a second time as data.
  const { references, ...view } = initial;
  return (
    <>
      <p className="muted">
        <Link href="/courses">My courses</Link> / <Link href={`/assessments/${assessmentId}`}>{initial.placement.assessmentTitle}</Link>
      </p>
      <ProblemView
        slug={slug}
        assessmentId={assessmentId}
        initial={view}
        history={shownHistory(history.submissions, listAll)}
        showAllHref={`/assessments/${assessmentId}/problems/${slug}?history=all#history-heading`}
        initialDrafts={initialDrafts}
        texts={renderVariantTexts(view.variant, references)}
      />
    </>
  );
}
