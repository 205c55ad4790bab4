import { NextResponse } from "next/server";
import { requireCourseRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { rosterSyncsOf, syncRoster } from "@/lib/lti/roster-sync";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ courseId: string }>;
}

/** The course's LMS links and their last roster sync: its TAs and instructors. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId } = await params;
  await requireCourseRole(courseId, STAFF_ROLES);
  return NextResponse.json({ syncs: await rosterSyncsOf(getDb(), courseId) });
});

/** Syncs every LMS course linked to this course now (NRPS); { syncs }. 409 when no LMS has offered a roster yet. */
export const POST = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId } = await params;
  await requireCourseRole(courseId, STAFF_ROLES);
  const db = getDb();
  const syncable = (await rosterSyncsOf(db, courseId)).filter((s) => s.syncable);
  if (syncable.length === 0) {
    throw new AppError(
      "CONFLICT",
      "No LMS has offered this course's roster yet: open a Chainrule link from the LMS course once (with Names and Roles enabled), then sync.",
    );
  }
  for (const { courseLinkId } of syncable) await syncRoster(db, courseLinkId);
  return NextResponse.json({ syncs: await rosterSyncsOf(db, courseId) });
});
