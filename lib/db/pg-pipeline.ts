// A few pipelined PostgreSQL connections for the hot path's single statements.
//
// On a pool, every statement is its own round trip: node-postgres writes it
// (a `writev`), a backend wakes to run it, and the reply wakes the request
// thread. On a machine shared with PostgreSQL, that woken backend often takes
// the request thread's core (BENCHMARKS.md, "Where PostgreSQL's extra cost
// goes"). Here the statements of every request issued in one turn of the
// event loop are written together, on one connection in node-postgres's
// pipeline mode, so that one send and one woken backend serve them all; their
// replies arrive together, so the requests' next statements are issued in
// one turn again.
//
// Each statement keeps its own Sync, so it is its own implicit transaction and
// fails alone. Only statements that write nothing, or whose write may be lost
// in a crash (a rate-limit count), come here (lib/db/direct-sql.ts): these
// connections commit without waiting for the WAL to reach the disk
// (`synchronous_commit` off), so that one statement's wait for the disk
// never holds up the others queued behind it on the same backend. A durable
// write, and any transaction, stays on the pool.
import pg from "pg";

export interface PipelineOptions {
  connectionString: string;
  /** How many pipelined connections (at least 1); each turn's statements go to the next one. */
  connections: number;
}

export class PipelinedConnections {
  private readonly clients: (pg.Client | undefined)[];
  private next = 0;
  /** The connection this turn's statements are written to, corked until the turn ends. */
  private batch: pg.Client | undefined;
  private ended = false;

  constructor(private readonly options: PipelineOptions) {
    this.clients = new Array(options.connections).fill(undefined);
  }

  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>> {
    if (this.ended) return Promise.reject(new Error("The database connections were closed."));
    const client = this.batch ?? this.startBatch();
    return client.query<R>(config);
  }

  async end(): Promise<void> {
    this.ended = true;
    const open = this.clients.filter((client): client is pg.Client => client !== undefined);
    this.clients.fill(undefined);
    await Promise.all(open.map((client) => client.end().catch(() => undefined)));
  }

  private startBatch(): pg.Client {
    const slot = this.next;
    this.next = (this.next + 1) % this.clients.length;
    const client = this.clients[slot] ?? this.open(slot);
    this.batch = client;
    const stream = (client as unknown as { connection: { stream: { cork(): void; uncork(): void } } }).connection.stream;
    stream.cork();
    // After this turn's synchronous code and its promise jobs: every statement they issued joins this one write.
    setImmediate(() => {
      this.batch = undefined;
      stream.uncork();
    });
    return client;
  }

  private open(slot: number): pg.Client {
    const client = new pg.Client({ connectionString: this.options.connectionString, pipeline: true } as pg.ClientConfig);
    // A connection that failed is replaced on the next turn; its statements fail with its error, as on the pool.
    const drop = () => {
      if (this.clients[slot] === client) this.clients[slot] = undefined;
    };
    client.on("error", drop);
    client.on("end", drop);
    client.connect().catch(drop);
    // Queued first, so it runs before any statement here. Were it to fail, they would commit synchronously: slower, nothing lost.
    client.query("SET synchronous_commit TO off").catch(drop);
    this.clients[slot] = client;
    return client;
  }
}
