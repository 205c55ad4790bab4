import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/lib/auth/session";
import { completeCourseLink, linkableCoursesFor, readPendingCourseLink } from "@/lib/lti/pending-course-link";
import { courseLinkSchema } from "@/lib/lti/requests";
import { sessionCookieFor } from "@/lib/lti/session-cookie";

export const dynamic = "force-dynamic";

// Linking an LMS course to a Chainrule course (docs/lti.md, Linking an LMS
// course): signed-in, and the pending token must be the caller's own, from
// their instructor launch; the course chosen must be one they teach.

/** { context: { label, title }, courses: [...] } for ?pending=<token>: what the instructor may link it to. */
export const GET = jsonRoute(async (request) => {
  const user = await requireUser();
  const token = new URL(request.url).searchParams.get("pending");
  if (!token) throw new AppError("INVALID_INPUT", "Give the pending link from the launch as ?pending=.");
  const pending = await readPendingCourseLink(token, user.id);
  return NextResponse.json({
    context: { label: pending.context.label, title: pending.context.title },
    courses: await linkableCoursesFor(getDb(), user.id),
  });
});

/** Links it: { pending, courseId | null }. { courseId, linked, landingPath }; the session is refreshed with the new enrolment. */
export const POST = jsonRoute(async (request) => {
  const user = await requireUser();
  const input = await readJson(request, courseLinkSchema);
  const db = getDb();
  const result = await completeCourseLink(db, user, input);
  const account = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { sessionVersion: true } });
  const session = await sessionCookieFor({ ...user, sessionVersion: account.sessionVersion }, result.memberships);
  const response = NextResponse.json({ courseId: result.courseId, linked: result.linked, landingPath: result.landingPath });
  response.cookies.set(session.name, session.value, session.options);
  return response;
});
