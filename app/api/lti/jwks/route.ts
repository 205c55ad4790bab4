import { NextResponse } from "next/server";
import { jsonRoute } from "@/lib/http/route";
import { getDb } from "@/lib/db/client";
import { publishedToolKeys } from "@/lib/lti/tool-keys";

export const dynamic = "force-dynamic";

/**
 * The tool's public keys (next, active and recently retired), for platforms
 * to verify what Chainrule signs. Public by design: it holds public keys only.
 */
export const GET = jsonRoute(async () => {
  const response = NextResponse.json(await publishedToolKeys(getDb()));
  // Platforms may cache it briefly; the next key is published long before it signs anything.
  response.headers.set("Cache-Control", "public, max-age=300");
  return response;
});
