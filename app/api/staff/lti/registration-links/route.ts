import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { requireLtiRegistrar } from "@/lib/lti/permissions";
import { createRegistrationLink, listRegistrationLinks } from "@/lib/lti/registration-links";
import { registrationLinkSchema } from "@/lib/lti/requests";

export const dynamic = "force-dynamic";

/** { links: [...] }, newest first, without their tokens. Admins see all, other registrars their own. */
export const GET = jsonRoute(async () => {
  const registrar = await requireLtiRegistrar();
  return NextResponse.json({ links: await listRegistrationLinks(getDb(), registrar) });
});

/** Makes a one-time Dynamic Registration link: { name? } → 201 { link, url }. The url is shown this once; audited. */
export const POST = jsonRoute(async (request) => {
  const registrar = await requireLtiRegistrar();
  const { name } = await readJson(request, registrationLinkSchema);
  return NextResponse.json(await createRegistrationLink(getDb(), registrar, { name }), { status: 201 });
});
