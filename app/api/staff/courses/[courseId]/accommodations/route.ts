import { NextResponse } from "next/server";
import { requireCourseRole } from "@/lib/auth/session";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { idSchema } from "@/lib/http/requests";
import { accommodationBodySchema } from "@/lib/exceptions/requests";
import { listAccommodations, removeAccommodation, setAccommodation } from "@/lib/exceptions/accommodations";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ courseId: string }>;
}

/** The course's accommodations (a student's time multiplier on every timed assessment). TAs and instructors. */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId } = await params;
  await requireCourseRole(courseId, STAFF_ROLES);
  return NextResponse.json({ accommodations: await listAccommodations(getDb(), courseId) });
});

/** Sets a student's accommodation, replacing any they had; audited. Instructors only. Body: { studentId, timeMultiplier, reason }. */
export const POST = jsonRoute<Context>(async (request, { params }) => {
  const { courseId } = await params;
  const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
  const body = await readJson(request, accommodationBodySchema);
  return NextResponse.json(await setAccommodation(getDb(), actor.id, courseId, body), { status: 201 });
});

/** Removes a student's accommodation (?studentId=); audited. Instructors only. */
export const DELETE = jsonRoute<Context>(async (request, { params }) => {
  const { courseId } = await params;
  const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
  const studentId = idSchema.safeParse(new URL(request.url).searchParams.get("studentId"));
  if (!studentId.success) throw new AppError("INVALID_INPUT", "Say whose accommodation with ?studentId=.");
  return NextResponse.json(await removeAccommodation(getDb(), actor.id, courseId, studentId.data));
});
