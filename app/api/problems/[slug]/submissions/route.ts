import { NextResponse } from "next/server";
import { requireSessionUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { openProblem } from "@/lib/submissions/open-problem";
import { limitSubmissions } from "@/lib/rate-limit/limits";
import { listSubmissionHistory } from "@/lib/submissions/list-submission-history";
import { historyPageQuerySchema, idempotencyKeySchema, submissionBodySchema } from "@/lib/submissions/requests";
import { ConcurrencyGate } from "@/lib/http/concurrency-gate";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";
import { placementQuery } from "@/lib/problems/requests";
import { processPageLoads } from "@/lib/http/page-loads";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ slug: string }>;
}

// Access (enrolment, role and the session's version) is checked by the placement's own query
// (lib/problems/resolve-placement.ts), so these handlers read only the
// session token first: one round trip fewer per submission. A deleted
// account whose token is still valid is therefore counted by the rate limit
// before it is told to sign in again; it can use up nobody's budget but its
// own and its network's, as any client there could.

/** A page of the signed-in user's own submissions to this problem, newest first (`?limit=`, `?before=`). */
export const GET = jsonRoute<Context>(async (request, { params }) => {
  const user = await requireSessionUser();
  const { slug, assessmentId } = placementQuery(request, await params);
  const page = historyPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return NextResponse.json(
    await listSubmissionHistory({ db: getDb(), userId: user.id, slug, assessmentId, sessionVersion: user.sessionVersion, page }),
  );
});

/**
 * Submissions this process works on at once (lib/http/concurrency-gate.ts):
 * in a deadline rush the others wait in line instead of slowing every page
 * down. With the grading threads at a lower priority, the default of 4
 * keeps pages quicker than 8 for about as many submissions a second
 * (BENCHMARKS.md, History). While a page renders in this process (or in
 * another of its cluster), one at a time: in a rush the page then takes about 0.6–0.7 of the time, and
 * submissions/s fall by 4–9 % only while pages load ("Pages give way").
 */
const submissionGate = new ConcurrencyGate({
  limit: readWholeNumberSetting(SETTINGS.submissionConcurrency),
  maxWaiting: 5_000,
  maxWaitMs: 20_000,
  givesWayTo: processPageLoads(),
  limitWhileForeground: readWholeNumberSetting(SETTINGS.submissionConcurrencyWhilePagesLoad),
});

/**
 * Grades `{ answers: { partId: answer } }` on the server and stores it. An
 * `Idempotency-Key` header makes a retried request return the first result
 * (200) instead of submitting again (201).
 */
export const POST = jsonRoute<Context>((request, context) => submissionGate.run(() => submit(request, context)));

const submit = async (request: Request, { params }: Context) => {
  const user = await requireSessionUser();
  const { slug, assessmentId } = placementQuery(request, await params);
  const keyHeader = request.headers.get("idempotency-key");
  const idempotencyKey = keyHeader === null ? undefined : idempotencyKeySchema.parse(keyHeader);
  // Access first: whether the problem is this user's never depends on the body.
  const db = getDb();
  await limitSubmissions(db, user.id, request);
  const opened = await openProblem({ db, userId: user.id, slug, assessmentId, sessionVersion: user.sessionVersion });
  const { answers } = await readJson(request, submissionBodySchema);
  const result = await submitAnswers({ db, userId: user.id, slug, assessmentId, answers, idempotencyKey, opened });
  return NextResponse.json(result, { status: result.replayed ? 200 : 201 });
};
