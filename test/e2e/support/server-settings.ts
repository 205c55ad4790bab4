// Where the browser tests' servers listen, and the databases they run on.
// Two Playwright projects (playwright.config.ts), each with a server of its
// own: `sqlite` runs every spec, `postgresql` the term's specs once more.
import type { DatabaseTarget } from "../../../lib/db/provider";

export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The server's SQLite file (test/e2e/support/e2e-server.mjs makes it, one per port). */
export const E2E_DATABASE_FILE = `${__dirname}/../../../.tmp/e2e-${E2E_PORT}/chainrule.db`;

/** The server where the tests may create databases, as for jest's PostgreSQL suites (test/harness/test-database.ts). */
export const E2E_POSTGRES_ENV = "TEST_DATABASE_URL_POSTGRES";
/** The postgresql project's server: the next port. */
export const E2E_POSTGRES_PORT = E2E_PORT + 1;
export const E2E_POSTGRES_BASE_URL = `http://127.0.0.1:${E2E_POSTGRES_PORT}`;

/**
 * Its database on that server, one per port (e2e-server.mjs drops and
 * creates it on every run); undefined when TEST_DATABASE_URL_POSTGRES is
 * not set, and the postgresql project then skips (demo-db.ts).
 */
export const E2E_POSTGRES_URL: string | undefined = (() => {
  const server = process.env[E2E_POSTGRES_ENV];
  if (!server) return undefined;
  const url = new URL(server);
  url.pathname = `/chainrule_e2e_${E2E_POSTGRES_PORT}`;
  return url.toString();
})();

/** The database behind a Playwright project's server (the projects are named after their databases). */
export function projectDatabaseTarget(project: string): DatabaseTarget | undefined {
  if (project === "sqlite") return { provider: "sqlite", url: `file:${E2E_DATABASE_FILE}` };
  if (project === "postgresql") return E2E_POSTGRES_URL ? { provider: "postgresql", url: E2E_POSTGRES_URL } : undefined;
  throw new Error(`No browser-test server for the Playwright project "${project}": playwright.config.ts names them sqlite and postgresql.`);
}
