import { after, NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { siteUrl } from "@/lib/env";
import { acceptLaunch } from "@/lib/lti/launch";
import { LtiRefusal } from "@/lib/lti/launch-errors";
import { ltiRoute } from "@/lib/lti/lti-route";
import { syncRosterAfterLaunch } from "@/lib/lti/roster-sync";
import { sessionCookieFor } from "@/lib/lti/session-cookie";
import { stateCookieName, stateCookieOptions } from "@/lib/lti/state-cookie";

export const dynamic = "force-dynamic";

// The redirect URI (docs/lti.md): public by design, since the id token it
// checks is the proof of who the person is. A good launch signs them in and
// answers 303 to where they land; a refused one, an HTML page saying why.

/** A cookie value as the browser sent it, percent-decoded when it can be (a malformed one is kept as is). */
function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

export const POST = ltiRoute(async (request) => {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new LtiRefusal("INVALID_REQUEST", "The launch is not a form post.");
  }
  const field = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value !== "" ? value : null;
  };
  const cookies = Object.fromEntries(
    (request.headers.get("cookie") ?? "")
      .split(";")
      .map((pair) => pair.trim())
      .filter((pair) => pair.includes("="))
      .map((pair) => [pair.slice(0, pair.indexOf("=")), safeDecode(pair.slice(pair.indexOf("=") + 1))]),
  );
  const result = await acceptLaunch(getDb(), { idToken: field("id_token"), state: field("state"), cookies });
  // The roster sync (at most every 10 minutes per course) runs after the answer: it never delays the launch.
  const roster = result.roster;
  if (roster) after(() => syncRosterAfterLaunch(getDb(), roster.courseLinkId, roster.contextMembershipsUrl));
  const session = await sessionCookieFor(result.user, result.memberships);
  const response = NextResponse.redirect(new URL(result.landingPath, siteUrl()), 303);
  response.cookies.set(session.name, session.value, session.options);
  response.cookies.set(stateCookieName(result.state), "", { ...stateCookieOptions(), maxAge: 0 });
  response.headers.set("Cache-Control", "no-store");
  return response;
});
