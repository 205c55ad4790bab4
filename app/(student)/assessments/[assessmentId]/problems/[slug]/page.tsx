import Link from "next/link";
import { notFound } from "next/navigation";
import { pageUser } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { getVariantView } from "@/lib/submissions/get-variant-view";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { ProblemView } from "@/app/components/problem/problem-view";

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
// server through lib/ (the same functions the JSON API uses, with the same
// checks); submitting goes through POST /api/problems/:slug/submissions.
export default async function ProblemPage({ params }: { params: Promise<Params> }) {
  const { assessmentId, slug } = await params;
  const user = await pageUser(`/assessments/${assessmentId}/problems/${slug}`);
  const db = getDb();
  let initial;
  let history;
  try {
    initial = await getVariantView({ db, userId: user.id, slug, assessmentId });
    history = await listSubmissionHistory({ db, userId: user.id, slug, assessmentId });
  } catch (error) {
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
  return (
    <>
      <p className="muted">
        <Link href="/courses">My courses</Link> / <Link href={`/assessments/${assessmentId}`}>{initial.placement.assessmentTitle}</Link>
      </p>
      <ProblemView slug={slug} assessmentId={assessmentId} initial={initial} history={history} />
    </>
  );
}
