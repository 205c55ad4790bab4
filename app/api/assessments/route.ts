import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { listCoursesForUser } from "@/lib/courses/list-courses-for-user";

export const dynamic = "force-dynamic";

/** The signed-in user's courses and the assessments they may see in each. */
export const GET = jsonRoute(async () => {
  const user = await requireUser();
  const courses = await listCoursesForUser({ db: getDb(), userId: user.id });
  return NextResponse.json({ courses });
});
