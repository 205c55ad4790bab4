import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { requireLtiRegistrar } from "@/lib/lti/permissions";
import { createPlatform, listPlatforms } from "@/lib/lti/platforms";
import { platformRegistrationSchema } from "@/lib/lti/requests";
import { toolUrls } from "@/lib/lti/tool-urls";

export const dynamic = "force-dynamic";

/** { platforms: [...], tool: { loginUrl, redirectUri, jwksUrl, targetLinkUri } }. Admins see all, other registrars their own. */
export const GET = jsonRoute(async () => {
  const registrar = await requireLtiRegistrar();
  return NextResponse.json({ platforms: await listPlatforms(getDb(), registrar), tool: toolUrls() });
});

/** Registers a platform: { name?, issuer, clientId, authLoginUrl, accessTokenUrl, jwksUrl, deploymentIds, frameOrigins? }. 201; audited. */
export const POST = jsonRoute(async (request) => {
  const registrar = await requireLtiRegistrar();
  const registration = await readJson(request, platformRegistrationSchema);
  return NextResponse.json({ platform: await createPlatform(getDb(), registrar, registration) }, { status: 201 });
});
