import { NextResponse } from "next/server";
import { requireUser } from "@/lib/auth/session";
import { jsonRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

/** The signed-in user and their course roles. */
export const GET = jsonRoute(async () => {
  const user = await requireUser();
  return NextResponse.json({ user });
});
