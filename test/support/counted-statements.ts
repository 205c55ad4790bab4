import { createDb, type Db } from "@/lib/db/client";
import type { DatabaseTarget } from "@/lib/db/provider";

/**
 * The statements `work` sends, counted from Prisma's and the direct driver's
 * query events on a client of its own, the way
 * scripts/bench/submission-path.ts counts them.
 */
export async function countedStatements(target: DatabaseTarget, work: (db: Db) => Promise<unknown>): Promise<string[]> {
  const statements: string[] = [];
  let counting = false;
  const db = createDb(target, { onQuery: (sql) => counting && statements.push(sql) });
  try {
    // Once uncounted: the first use connects and warms what later uses reuse.
    await work(db);
    counting = true;
    await work(db);
    return statements;
  } finally {
    await db.$disconnect();
  }
}
