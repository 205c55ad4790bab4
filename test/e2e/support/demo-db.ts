import { test } from "@playwright/test";
import Database from "better-sqlite3";
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { encodeArgument, postgresTypes } from "../../../lib/db/direct-sql";
import { sqliteFilePath, type DatabaseTarget } from "../../../lib/db/provider";
import { E2E_POSTGRES_ENV, projectDatabaseTarget } from "./server-settings";

// Each browser-test server runs on a fresh database seeded with the demo
// course (test/e2e/support/e2e-server.mjs): a SQLite file for the sqlite
// project, a PostgreSQL database for the postgresql one. Tests read ids and
// effects from it, and set up what the UI cannot make quickly, directly.
//
// SQL given here runs on both: identifiers in double quotes ("User",
// "createdAt"), `?` placeholders, and values as Prisma stores them (a Date
// argument is written in each database's own form, lib/db/direct-sql.ts). A
// DateTime reads back as text on SQLite and as a Date on PostgreSQL:
// `new Date(value)` takes either.

/** The database of the server the running test's project talks to. */
export function projectDatabase(): DatabaseTarget {
  const { name } = test.info().project;
  const database = projectDatabaseTarget(name);
  if (!database)
    throw new Error(`The ${name} project has no server: set ${E2E_POSTGRES_ENV} (skipWithoutPostgres skips its tests instead).`);
  return database;
}

/**
 * For the specs that run on both databases (playwright.config.ts):
 * `test.beforeEach(skipWithoutPostgres)`. Without a PostgreSQL server to
 * test on, the postgresql project's tests show as skipped, saying what to
 * set, rather than failing on a server that is not there.
 */
export function skipWithoutPostgres(): void {
  test.skip(
    !projectDatabaseTarget(test.info().project.name),
    `set ${E2E_POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432/test (a server where tests may create databases) to run it on PostgreSQL`,
  );
}

const pools = new Map<string, pg.Pool>();

/** One pool per PostgreSQL database for the worker's life; idle connections do not keep the worker alive. */
function postgresPool(url: string): pg.Pool {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, max: 2, allowExitOnIdle: true });
    pools.set(url, pool);
  }
  return pool;
}

/** `?` placeholders as PostgreSQL's $1…$n, leaving any in a quoted string alone. */
const numberedPlaceholders = (sql: string) => {
  let n = 0;
  return sql.replace(/'(?:[^']|'')*'|\?/g, (match) => (match === "?" ? `$${++n}` : match));
};

/** Runs one statement; its rows (none for a write) as arrays of column values. */
async function runSql(database: DatabaseTarget, sql: string, params: unknown[]): Promise<unknown[][]> {
  const sqlite = database.provider === "sqlite";
  const args = params.map((value) => encodeArgument(value, sqlite));
  if (!sqlite) {
    const result = await postgresPool(database.url).query({
      text: numberedPlaceholders(sql),
      values: args,
      rowMode: "array",
      types: postgresTypes,
    });
    return result.rows;
  }
  const db = new Database(sqliteFilePath(database.url));
  try {
    const statement = db.prepare(sql);
    if (statement.reader) return statement.raw().all(...args) as unknown[][];
    statement.run(...args);
    return [];
  } finally {
    db.close();
  }
}

/** One value (the first column of the first row; undefined if none) from a test server's database. */
export async function readValue<T>(database: DatabaseTarget, sql: string, ...params: unknown[]): Promise<T> {
  const [row] = await runSql(database, sql, params);
  return row?.[0] as T;
}

/** One value read from the project's server's database: what an action changed, an id to use. */
export function readDb<T>(sql: string, ...params: unknown[]): Promise<T> {
  return readValue<T>(projectDatabase(), sql, ...params);
}

/** One write to the project's server's database: a row the UI would take long to make, a clock moved. */
export async function writeDb(sql: string, ...params: unknown[]): Promise<void> {
  await runSql(projectDatabase(), sql, params);
}

export interface DemoIds {
  courseId: string;
  inviteCode: string;
  section07Id: string;
}

/** From the project's server's database, or another's (test/e2e/support/extra-server.ts). */
export async function demoIds(database: DatabaseTarget = projectDatabase()): Promise<DemoIds> {
  const [[courseId, inviteCode]] = (await runSql(database, `SELECT id, "inviteCode" FROM "Course" WHERE slug = 'ml-demo'`, [])) as [
    [string, string],
  ];
  const section07Id = await readValue<string>(
    database,
    `SELECT id FROM "Assessment" WHERE "courseId" = ? AND slug = 'section-07'`,
    courseId,
  );
  return { courseId, inviteCode, section07Id };
}

/**
 * A published assessment of the demo course placing The chain rule for 10
 * points, straight in the project's server's database (quicker than the
 * editor). `columns` are its other columns by name (slug and title at least).
 */
export async function addChainRuleAssessment(id: string, columns: Record<string, unknown>): Promise<void> {
  const now = new Date();
  const row = { id, courseId: (await demoIds()).courseId, published: true, createdAt: now, updatedAt: now, ...columns };
  const names = Object.keys(row).map((name) => `"${name}"`);
  await writeDb(`INSERT INTO "Assessment" (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`, ...Object.values(row));
  const chainRule = await readDb<string>(`SELECT id FROM "Problem" WHERE slug = 'chain-rule' ORDER BY version DESC`);
  await writeDb(
    `INSERT INTO "AssessmentProblem" (id, "assessmentId", "problemId", position, points) VALUES (?, ?, ?, 0, 10)`,
    `${id}-p`,
    id,
    chainRule,
  );
}

export interface TestStudent {
  email: string;
  password: string;
}

/**
 * Adds a student to the demo course straight in the server's database, so
 * that a test which locks an account or uses attempts touches no one else's.
 * The password is hashed as the app hashes it (bcrypt, lib/auth/password.ts).
 */
export async function addDemoStudent(label: string): Promise<TestStudent> {
  const database = projectDatabase();
  const stamp = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const student = { email: `${label}-${stamp}@chainrule.test`, password: `${label}-long-password` };
  const { courseId } = await demoIds(database);
  const now = new Date();
  const userId = `e2e-user-${stamp}`;
  await runSql(database, `INSERT INTO "User" (id, email, name, "passwordHash", "createdAt", "updatedAt") VALUES (?, ?, ?, ?, ?, ?)`, [
    userId,
    student.email,
    `Test ${label}`,
    bcrypt.hashSync(student.password, 10),
    now,
    now,
  ]);
  await runSql(
    database,
    `INSERT INTO "Enrollment" (id, "userId", "courseId", role, section, "createdAt") VALUES (?, ?, ?, 'STUDENT', '', ?)`,
    [`e2e-enrollment-${stamp}`, userId, courseId, now],
  );
  return student;
}
