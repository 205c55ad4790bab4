import { NextResponse } from "next/server";
import { checkDatabase } from "@/lib/health/check-database";

// Public liveness and database check for load balancers and the test harness:
// it says only whether the database answers, never anything about its data.
export const dynamic = "force-dynamic";

export async function GET() {
  const database = await checkDatabase();
  return NextResponse.json({ status: database.ok ? "ok" : "unavailable", database }, { status: database.ok ? 200 : 503 });
}
