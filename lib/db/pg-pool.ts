// The node-postgres pool behind the app's PostgreSQL client, made to survive
// a server restart.
//
// Prisma 6.19 ends an interactive transaction by sending ROLLBACK (or COMMIT)
// and only then releasing the connection to the pool. When the server has
// gone away meanwhile (a restart, pg_terminate_backend, a dropped network),
// that ROLLBACK fails, the release never happens, and the dead connection
// keeps its pool slot for good: after `max` such transactions every request
// waits forever for a connection, even once the server is back. Measured
// with a pool of 3 and pg_terminate_backend inside transactions: the fourth
// transaction hung (test/lib/db/database-unavailable.test.ts keeps it fixed;
// scripts/reliability/fault-postgres.ts restarts the server under load).
//
// So a connection checked out for a transaction is handed back to the pool,
// marked broken (which removes it), as soon as it reports an error or ends;
// the later release from Prisma, if any, is then a no-op. Single queries go
// through `pool.query`, which already handles this itself, and are left as
// they are.
import pg from "pg";

type ReleasableClient = pg.PoolClient & { release: (error?: Error | boolean) => void };

/** Makes one checkout's release idempotent and triggered by the connection's own death. */
function releaseWhenBroken(client: ReleasableClient): ReleasableClient {
  const release = client.release;
  let released = false;
  const releaseOnce = (error?: Error | boolean) => {
    if (released) return;
    released = true;
    client.removeListener("error", onBroken);
    client.removeListener("end", onEnded);
    release(error);
  };
  const onBroken = (error: Error) => releaseOnce(error);
  const onEnded = () => releaseOnce(new Error("the connection ended while checked out"));
  client.on("error", onBroken);
  client.on("end", onEnded);
  client.release = releaseOnce;
  return client;
}

type ConnectCallback = (error: Error | undefined, client: pg.PoolClient | undefined, done: (release?: unknown) => void) => void;

export class RestartSafePool extends pg.Pool {
  connect(): Promise<pg.PoolClient>;
  connect(callback: ConnectCallback): void;
  // Only the promise form is Prisma's transaction checkout; the callback form is pool.query's own.
  connect(callback?: ConnectCallback): Promise<pg.PoolClient> | void {
    if (callback) return super.connect(callback as never);
    return super.connect().then((client) => releaseWhenBroken(client as ReleasableClient));
  }
}
