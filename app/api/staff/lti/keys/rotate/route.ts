import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { requireSiteAdmin } from "@/lib/lti/permissions";
import { rotateToolKeys } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/** Rotates the tool's signing key: { activeKid, nextKid, retiredKids }. Site admins only; audited. */
export const POST = jsonRoute(async () => {
  const admin = await requireSiteAdmin();
  return NextResponse.json(await rotateToolKeys(getDb(), admin.id));
});
