import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { getStudentReview } from "@/lib/gradebook/get-student-review";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ assessmentId: string; studentId: string }>;
}

/** One student's work on an assessment, with variants' parameters and references: TAs and instructors of the course only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { assessmentId, studentId } = await params;
  const actor = await requireUser();
  return NextResponse.json(await getStudentReview({ db: getDb(), actor, assessmentId, studentId }));
});
