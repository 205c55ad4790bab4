/**
 * What one statement costs the client's CPU in each database driver, with
 * nothing else around it: `npx tsx scripts/bench/driver-statement.ts [--queries 20000] [--rounds 3]`
 *
 * node-postgres (a named, prepared `SELECT $1::int`, as lib/db/direct-sql.ts
 * sends the hot path's statements, on a pool of 10) against better-sqlite3
 * (the same statement, prepared once, on a file database), taking turns in
 * the same process, at 4 and at 50 queries in flight. PostgreSQL needs
 * TEST_DATABASE_URL_POSTGRES. Prints JSON: per round and driver, this
 * process's CPU per query and the wall time per query.
 *
 * Why: over HTTP, a statement on PostgreSQL costs the server's request
 * thread about 0.5 ms more than on SQLite (BENCHMARKS.md, "What bounds the
 * rate"). This says how much of that is the driver's own work.
 */
import Database from "better-sqlite3";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { postgresAdminUrl } from "../../test/harness/test-database";
import { numericArgument } from "../../test/harness/arguments";
import { roundMs } from "./timing";

const queries = numericArgument("--queries", 20_000);
const rounds = numericArgument("--rounds", 3);
const IN_FLIGHT = [4, 50];

interface PerQuery {
  inFlight: number;
  cpuMsPerQuery: number;
  wallMsPerQuery: number;
}

/** Runs `query` `queries` times with `inFlight` at once; this process's CPU and the wall time, per query. */
async function timeQueries(inFlight: number, query: () => Promise<unknown>): Promise<PerQuery> {
  let started = 0;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started++ < queries) await query();
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  return {
    inFlight,
    cpuMsPerQuery: roundMs((cpu.user + cpu.system) / 1000 / queries, 4),
    wallMsPerQuery: roundMs((performance.now() - wallBefore) / queries, 4),
  };
}

async function main() {
  const url = postgresAdminUrl();
  if (!url) throw new Error("set TEST_DATABASE_URL_POSTGRES: this benchmark sets node-postgres beside better-sqlite3");
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const folder = mkdtempSync(path.join(tmpdir(), "chainrule-driver-"));
  const sqlite = new Database(path.join(folder, "bench.db"));
  sqlite.pragma("journal_mode = WAL");
  const sqliteStatement = sqlite.prepare("SELECT ? AS x");
  const drivers: Record<string, () => Promise<unknown>> = {
    "node-postgres": () => pool.query({ name: "chainrule_driver_bench", text: "SELECT $1::int AS x", values: [1] }),
    // async, as the direct path's query() is: the await is part of what a statement costs the caller.
    "better-sqlite3": async () => sqliteStatement.all(1),
  };
  try {
    // One untimed pass of each, so that both are compiled and the pool's connections are open.
    for (const query of Object.values(drivers)) await timeQueries(10, query);
    const results = [];
    for (let round = 0; round < rounds; round++) {
      const names = Object.keys(drivers);
      // Reversed every other round, so that neither always runs first.
      for (const name of round % 2 === 0 ? names : names.reverse()) {
        for (const inFlight of IN_FLIGHT) results.push({ round, driver: name, ...(await timeQueries(inFlight, drivers[name])) });
      }
    }
    console.log(
      JSON.stringify(
        {
          benchmark: "one statement's client CPU: node-postgres against better-sqlite3",
          date: new Date().toISOString(),
          node: process.version,
          queries,
          results,
        },
        null,
        2,
      ),
    );
  } finally {
    await pool.end();
    sqlite.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
