import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { readJson } from "@/lib/http/read-json";
import { getDb } from "@/lib/db/client";
import { requireLtiRegistrar } from "@/lib/lti/permissions";
import { deletePlatform, getPlatform, updatePlatform } from "@/lib/lti/platforms";
import { platformRegistrationSchema } from "@/lib/lti/requests";

export const dynamic = "force-dynamic";

interface Context {
  params: Promise<{ platformId: string }>;
}

/** { platform }: admins any, other registrars their own (another's is 404). */
export const GET = jsonRoute<Context>(async (_request, { params }) => {
  const { platformId } = await params;
  const registrar = await requireLtiRegistrar();
  return NextResponse.json({ platform: await getPlatform(getDb(), registrar, platformId) });
});

/** Replaces every field (the body of POST /api/staff/lti/platforms); audited. */
export const PUT = jsonRoute<Context>(async (request, { params }) => {
  const { platformId } = await params;
  const registrar = await requireLtiRegistrar();
  const registration = await readJson(request, platformRegistrationSchema);
  return NextResponse.json({ platform: await updatePlatform(getDb(), registrar, platformId, registration) });
});

/** Deletes the registration with its deployments and links; accounts and courses stay. Audited. */
export const DELETE = jsonRoute<Context>(async (_request, { params }) => {
  const { platformId } = await params;
  const registrar = await requireLtiRegistrar();
  await deletePlatform(getDb(), registrar, platformId);
  return NextResponse.json({ deleted: platformId });
});
