import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/lib/auth/session";
import { answerDeepLink, deepLinkChoices, openDeepLinkRequest } from "@/lib/lti/deep-linking";
import { deepLinkAnswerSchema } from "@/lib/lti/requests";

export const dynamic = "force-dynamic";

// Deep Linking 2.0 (docs/lti.md, Deep linking): signed in, with the request
// token of the caller's own deep-linking launch, and staff of its course.

/** { choices: [{ target, title, kind }] } for ?request=<token>: what may be placed. */
export const GET = jsonRoute(async (request) => {
  const user = await requireUser();
  const token = new URL(request.url).searchParams.get("request");
  if (!token) throw new AppError("INVALID_INPUT", "Give the request from the deep-linking launch as ?request=.");
  const db = getDb();
  const opened = await openDeepLinkRequest(db, user.id, token);
  return NextResponse.json({ choices: await deepLinkChoices(db, opened.courseId) });
});

/** { request, target } → { returnUrl, jwt }: form-post the JWT (field `JWT`) to returnUrl. */
export const POST = jsonRoute(async (request) => {
  const user = await requireUser();
  const input = await readJson(request, deepLinkAnswerSchema);
  return NextResponse.json(await answerDeepLink(getDb(), user.id, input));
});
