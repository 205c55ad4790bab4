import { NextResponse } from "next/server";
import { requireCourseRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { getCourseSettings, updateCourseSettings } from "@/lib/courses/course-settings";
import { courseSettingsSchema } from "@/lib/courses/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ courseId: string }>;
}

/** The course's settings: { course: { id, title, term, timeZone } }. Staff of the course. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId } = await params;
  await requireCourseRole(courseId, STAFF_ROLES);
  return NextResponse.json({ course: await getCourseSettings({ db: getDb(), courseId }) });
});

/** Body { timeZone: "America/New_York" }: an unknown zone is a 400 naming timeZone. Instructors of the course; audited. */
export const PUT = jsonRoute<Context>(async (request, { params }) => {
  const { courseId } = await params;
  const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
  const settings = await readJson(request, courseSettingsSchema);
  return NextResponse.json({ course: await updateCourseSettings({ db: getDb(), actorId: actor.id, courseId, settings }) });
});
