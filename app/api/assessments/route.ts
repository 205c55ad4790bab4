import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { listCoursesWithProgress } from "@/lib/progress/courses-with-progress";

export const dynamic = "force-dynamic";

/** The signed-in user's courses, the assessments they may see in each, and (as a student) their progress in them. */
export const GET = jsonRoute(async () => {
  const user = await requireUser();
  const courses = await listCoursesWithProgress({ db: getDb(), userId: user.id });
  return NextResponse.json({ courses });
});
