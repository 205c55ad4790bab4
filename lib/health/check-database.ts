import "server-only";
import { getDb } from "@/lib/db/client";
import { databaseTarget } from "@/lib/db/provider";

export interface DatabaseHealth {
  ok: boolean;
  provider: string;
  /** Round trip of a trivial query, in ms. */
  latencyMs?: number;
}

export async function checkDatabase(): Promise<DatabaseHealth> {
  const provider = databaseTarget().provider;
  const started = performance.now();
  try {
    await getDb().$queryRawUnsafe("SELECT 1");
    return { ok: true, provider, latencyMs: Math.round((performance.now() - started) * 10) / 10 };
  } catch (error) {
    console.error("[chainrule] database health check failed", error);
    return { ok: false, provider };
  }
}
