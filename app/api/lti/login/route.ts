import { NextResponse } from "next/server";
import { getDb } from "@/lib/db/client";
import { LtiRefusal } from "@/lib/lti/launch-errors";
import { startLogin } from "@/lib/lti/login";
import { ltiRoute } from "@/lib/lti/lti-route";
import { loginInitiationSchema } from "@/lib/lti/requests";
import { stateCookieName, stateCookieOptions } from "@/lib/lti/state-cookie";
import { toolUrls } from "@/lib/lti/tool-urls";

export const dynamic = "force-dynamic";

// OIDC login initiation (docs/lti.md): public by design, since the LMS sends
// the browser here before anyone is signed in. Answers 302 to the LMS's
// authorization endpoint and sets the state cookie (lib/lti/state-cookie.ts).

async function initiate(parameters: Record<string, string>): Promise<Response> {
  const parsed = loginInitiationSchema.safeParse(parameters);
  if (!parsed.success) {
    throw new LtiRefusal(
      "INVALID_REQUEST",
      `The LMS's login request is incomplete: ${parsed.error.issues.map((i) => i.message).join("; ")}.`,
    );
  }
  const { location, state } = await startLogin(getDb(), parsed.data, toolUrls().redirectUri);
  const response = NextResponse.redirect(location, 302);
  response.cookies.set(stateCookieName(state), state, stateCookieOptions());
  response.headers.set("Cache-Control", "no-store");
  return response;
}

const fields = (entries: Iterable<[string, FormDataEntryValue]>) =>
  Object.fromEntries([...entries].filter((entry): entry is [string, string] => typeof entry[1] === "string"));

export const GET = ltiRoute(async (request) => initiate(fields(new URL(request.url).searchParams)));

export const POST = ltiRoute(async (request) => {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new LtiRefusal("INVALID_REQUEST", "The LMS's login request is not a form.");
  }
  return initiate(fields(form));
});
