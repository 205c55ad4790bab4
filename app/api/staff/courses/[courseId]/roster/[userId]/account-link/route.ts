import { NextResponse } from "next/server";
import { requireCourseRole } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { issueAccountLink } from "@/lib/accounts/issue-account-link";
import { siteUrl } from "@/lib/env";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ courseId: string; userId: string }>;
}

/**
 * A single-use link with which a member of the course sets their password
 * (claims an account staff added, or resets a forgotten password). The
 * course's instructors only. Answers 201 with `{ method: "copy", url,
 * expiresAt }`: the product sends no email, so staff pass the link on.
 */
export const POST = jsonRoute<Context>(async (_request, { params }) => {
  const { courseId, userId } = await params;
  const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
  const delivery = await issueAccountLink({ db: getDb(), actorId: actor.id, courseId, userId, baseUrl: siteUrl() });
  return NextResponse.json(delivery, { status: 201, headers: { "Cache-Control": "no-store" } });
});
