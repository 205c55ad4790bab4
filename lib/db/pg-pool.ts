// The node-postgres pool behind the app's PostgreSQL client, made to survive
// a server restart.
//
// Prisma 6.19 releases a transaction's connection only after its ROLLBACK
// (or COMMIT) succeeds. If the server went away meanwhile, the release never
// happens and the dead connection keeps its slot for good, until every
// request waits forever (test/lib/db/database-unavailable.test.ts reproduces
// it). So a connection checked out for a transaction is released, marked
// broken, as soon as it reports an error or ends; Prisma's later release is
// then a no-op. `pool.query` already handles this for single queries.
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
