import { NextResponse } from "next/server";
import { requireCourseRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { listRoster } from "@/lib/roster/list-roster";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ courseId: string }>;
}

/** A course's roster: its TAs and instructors only. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId } = await params;
  await requireCourseRole(courseId, STAFF_ROLES);
  return NextResponse.json({ roster: await listRoster({ db: getDb(), courseId }) });
});
