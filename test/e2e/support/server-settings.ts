// Where the browser tests' server listens, and the settings it runs with.
export const E2E_PORT = Number(process.env.E2E_PORT ?? 3210);
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
/** The server's SQLite file (test/e2e/support/e2e-server.mjs makes it, one per port). */
export const E2E_DATABASE_FILE = `${__dirname}/../../../.tmp/e2e-${E2E_PORT}/chainrule.db`;
