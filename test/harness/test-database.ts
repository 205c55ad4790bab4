// Real databases for tests: a fresh SQLite file, or a fresh PostgreSQL
// database on the server named by TEST_DATABASE_URL_POSTGRES, each migrated
// with the committed migrations through the same `prisma migrate deploy` the
// app uses. Nothing is mocked.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "@/lib/db/client";
import type { DatabaseProvider, DatabaseTarget } from "@/lib/db/provider";

const execFileAsync = promisify(execFile);
const ROOT = path.resolve(__dirname, "..", "..");

export const POSTGRES_ENV = "TEST_DATABASE_URL_POSTGRES";

export function postgresAdminUrl(): string | undefined {
  return process.env[POSTGRES_ENV] || undefined;
}

export interface TestDatabase {
  target: DatabaseTarget;
  db: Db;
  /** Disconnects and deletes the database. */
  destroy(): Promise<void>;
}

/** Runs the Prisma CLI against a target, as `npm run db:deploy` does. */
export async function prismaCli(target: DatabaseTarget, args: string[]) {
  return execFileAsync(path.join(ROOT, "node_modules", ".bin", "prisma"), args, {
    cwd: ROOT,
    env: { ...process.env, DATABASE_PROVIDER: target.provider, DATABASE_URL: target.url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function createEmptyTarget(provider: DatabaseProvider): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-test-"));
    return {
      target: { provider, url: `file:${path.join(dir, "test.db")}` },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) throw new Error(`${POSTGRES_ENV} is not set`);
  const name = `chainrule_test_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  return {
    target: { provider, url: withDatabase(adminUrl, name) },
    drop: async () => {
      const client = new pg.Client({ connectionString: adminUrl });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

export async function createTestDatabase(provider: DatabaseProvider): Promise<TestDatabase> {
  const { target, drop } = await createEmptyTarget(provider);
  await prismaCli(target, ["migrate", "deploy"]);
  const db = createDb(target);
  return {
    target,
    db,
    async destroy() {
      await db.$disconnect();
      await drop();
    },
  };
}

/**
 * A fresh, migrated database for the enclosing suite: created before its
 * first test, destroyed after its last. The returned object is usable from
 * the tests (not at declaration time, when the database does not exist yet).
 */
export function useTestDatabase(provider: DatabaseProvider): TestDatabase {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(provider);
  }, 60_000);
  afterAll(() => current?.destroy());
  const ready = (): TestDatabase => {
    if (!current) throw new Error("the test database is created in beforeAll: use it inside a test");
    return current;
  };
  return {
    get target() {
      return ready().target;
    },
    get db() {
      return ready().db;
    },
    destroy: () => ready().destroy(),
  };
}

/** The databases this run tests against: SQLite always, PostgreSQL when configured. */
export const TEST_PROVIDERS: { provider: DatabaseProvider; enabled: boolean; why?: string }[] = [
  { provider: "sqlite", enabled: true },
  {
    provider: "postgresql",
    enabled: Boolean(postgresAdminUrl()),
    why: `set ${POSTGRES_ENV}=postgresql://user@host:5432/db to run it`,
  },
];

/**
 * Declares a suite once per database. A database that is not configured shows
 * up as a skipped suite whose name says how to enable it.
 */
export function describeEachDatabase(name: string, body: (provider: DatabaseProvider) => void) {
  for (const { provider, enabled, why } of TEST_PROVIDERS) {
    if (enabled) describe(`${name} [${provider}]`, () => body(provider));
    else describe.skip(`${name} [${provider}: skipped, ${why}]`, () => body(provider));
  }
}
