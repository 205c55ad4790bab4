/**
 * A throw-away PostgreSQL 15 cluster that a fault-injection run may stop and
 * start at will, without touching the shared server on 5432 that other tests
 * use: `initdb` into a temporary folder, its own port and socket folder,
 * `pg_ctl start`/`stop -m fast`, and everything removed afterwards.
 *
 * initdb refuses to run as root, so when this process is root the commands
 * run as the `postgres` OS user (`runuser -u postgres --`), which then owns
 * the folder.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

const POSTGRES_BIN = process.env.CHAINRULE_POSTGRES_BIN ?? "/usr/lib/postgresql/15/bin";

export interface PrivatePostgres {
  port: number;
  /** Connection string for `database` (created by `createDatabase`). */
  url(database: string): string;
  createDatabase(database: string): Promise<void>;
  /** `pg_ctl start`, waiting until it accepts connections. */
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: open connections are terminated (SQLSTATE 57P01), in-flight transactions roll back. */
  stop(): Promise<void>;
  /** Stops it if running and deletes its folder. */
  destroy(): Promise<void>;
}

export function privatePostgresAvailable(): boolean {
  return existsSync(path.join(POSTGRES_BIN, "initdb")) && existsSync(path.join(POSTGRES_BIN, "pg_ctl"));
}

const execFileAsync = promisify(execFile);

/** Runs a PostgreSQL tool, as the postgres OS user when we are root. Asynchronous: a fault run keeps sending requests meanwhile. */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const isRoot = process.getuid?.() === 0;
  const [file, fullArgs] = isRoot ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
  await execFileAsync(file, fullArgs, { encoding: "utf8", timeout: 60_000 });
}

export async function createPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-pg-"));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
  const bin = (name: string) => path.join(POSTGRES_BIN, name);
  // --no-sync: a scratch cluster need not survive a power cut; fsync stays on for the server itself.
  await asPostgres(bin("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"]);
  let running = false;
  const cluster: PrivatePostgres = {
    port,
    url: (database) => `postgresql://postgres@127.0.0.1:${port}/${database}`,
    async createDatabase(database) {
      await asPostgres(bin("psql"), [
        "-h",
        dir,
        "-p",
        String(port),
        "-U",
        "postgres",
        "-d",
        "postgres",
        "-qc",
        `CREATE DATABASE "${database}"`,
      ]);
    },
    async start() {
      await asPostgres(bin("pg_ctl"), [
        "-D",
        data,
        "-l",
        path.join(dir, "server.log"),
        "-w",
        "-t",
        "60",
        "-o",
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=100`,
        "start",
      ]);
      running = true;
    },
    async stop() {
      await asPostgres(bin("pg_ctl"), ["-D", data, "-m", "fast", "-w", "-t", "60", "stop"]);
      running = false;
    },
    async destroy() {
      try {
        if (running) await cluster.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
