// The pipelined connections behind the hot path's PostgreSQL statements
// (lib/db/pg-pipeline.ts), on the real server: what one turn of the event
// loop issues runs on one backend, turns take the connections in turn, a
// statement fails alone, and a connection that dies is replaced.
import pg from "pg";
import { PipelinedConnections } from "@/lib/db/pg-pipeline";
import { isDatabaseUnavailableError } from "@/lib/db/database-unavailable";
import { postgresAdminUrl, POSTGRES_ENV } from "@/test/harness/test-database";
import { freePort } from "@/test/support/free-port";

const adminUrl = postgresAdminUrl();
const describePostgres = adminUrl ? describe : describe.skip;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

describePostgres(`PipelinedConnections${adminUrl ? "" : ` [skipped: set ${POSTGRES_ENV}]`}`, () => {
  const applicationName = `chainrule_pipeline_${process.pid}`;
  const url = () => {
    const withName = new URL(adminUrl!);
    withName.searchParams.set("application_name", applicationName);
    return withName.toString();
  };
  let admin: pg.Client;
  let connections: PipelinedConnections;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE TABLE IF NOT EXISTS pipeline_test_${process.pid} (id int PRIMARY KEY)`);
  });
  afterAll(async () => {
    await admin.query(`DROP TABLE IF EXISTS pipeline_test_${process.pid}`);
    await admin.end();
  });
  beforeEach(() => {
    connections = new PipelinedConnections({ connectionString: url(), connections: 2 });
  });
  afterEach(async () => {
    await connections.end();
  });

  const backend = async () => (await connections.query<{ pid: number }>({ text: "SELECT pg_backend_pid() AS pid" })).rows[0].pid;
  /** How many of this suite's connections the server has open. */
  const openOnServer = async () =>
    Number((await admin.query("SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = $1", [applicationName])).rows[0].n);

  it("runs the statements of one turn on one backend, each with its own result", async () => {
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((n) =>
        connections.query<{ n: number; pid: number }>({ text: "SELECT $1::int AS n, pg_backend_pid() AS pid", values: [n] }),
      ),
    );
    expect(results.map((result) => result.rows[0].n)).toEqual([1, 2, 3, 4, 5]);
    expect(new Set(results.map((result) => result.rows[0].pid)).size).toBe(1);
  });

  it("gives each turn the next connection, and opens no more than it was given", async () => {
    const pids: number[] = [];
    for (let turn = 0; turn < 6; turn++) {
      pids.push(await backend());
      await nextTurn();
    }
    expect(new Set(pids).size).toBe(2);
    expect(pids[0]).not.toBe(pids[1]);
    expect(pids[0]).toBe(pids[2]);
    expect(await openOnServer()).toBe(2);
  });

  it("fails a statement alone: the others written with it in the same turn still run and commit", async () => {
    const table = `pipeline_test_${process.pid}`;
    await admin.query(`INSERT INTO ${table} (id) VALUES (1)`);
    const outcomes = await Promise.allSettled([
      connections.query({ text: `INSERT INTO ${table} (id) VALUES (2)` }),
      connections.query({ text: `INSERT INTO ${table} (id) VALUES (1)` }),
      connections.query({ text: `INSERT INTO ${table} (id) VALUES (3)` }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(((outcomes[1] as PromiseRejectedResult).reason as { code?: string }).code).toBe("23505");
    expect((await admin.query(`SELECT id FROM ${table} ORDER BY id`)).rows.map((row) => row.id)).toEqual([1, 2, 3]);
  });

  it("replaces a connection the server terminated, failing only the statements that were on it", async () => {
    const sleeping = connections.query({ text: "SELECT pg_sleep(5)" });
    const outcome = sleeping.then(
      () => "resolved",
      (error: Error) => error.message,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await admin.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1", [applicationName]);
    expect(await outcome).toMatch(/terminat/i);
    await nextTurn();
    // Both slots serve again, on new backends.
    const after = [await backend()];
    await nextTurn();
    after.push(await backend());
    expect(new Set(after).size).toBe(2);
  });

  it("rejects at once with an outage the routes answer 503 to, without hanging, when the server cannot be reached", async () => {
    const unreachable = new PipelinedConnections({
      connectionString: `postgresql://postgres@127.0.0.1:${await freePort()}/x`,
      connections: 1,
    });
    for (let turn = 0; turn < 2; turn++) {
      const error = await unreachable.query({ text: "SELECT 1" }).then(
        () => undefined,
        (reason: unknown) => reason,
      );
      expect(isDatabaseUnavailableError(error)).toBe(true);
      await nextTurn();
    }
    await unreachable.end();
  });

  it("closes its connections on end, and refuses statements after it", async () => {
    await backend();
    await nextTurn();
    await backend();
    await connections.end();
    // A backend leaves pg_stat_activity a moment after its client hung up.
    for (let wait = 0; wait < 40 && (await openOnServer()) > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await openOnServer()).toBe(0);
    await expect(connections.query({ text: "SELECT 1" })).rejects.toThrow("closed");
  });
});
