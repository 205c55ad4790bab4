import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { requireLtiRegistrar } from "@/lib/lti/permissions";
import { revokeRegistrationLink } from "@/lib/lti/registration-links";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ linkId: string }>;
}

/** Revokes an unused link (409 once used; another's is 404 to a non-admin). Audited. */
export const DELETE = jsonRoute<Context>(async (_request, { params }) => {
  const { linkId } = await params;
  const registrar = await requireLtiRegistrar();
  return NextResponse.json({ link: await revokeRegistrationLink(getDb(), registrar, linkId) });
});
