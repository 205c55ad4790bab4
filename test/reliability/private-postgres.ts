/**
 * A throw-away PostgreSQL 15 cluster that a fault-injection run may stop and
 * start at will, without touching the shared server on 5432 that other tests
 * use: `initdb` into a temporary folder, its own port and socket folder,
 * `pg_ctl start`/`stop -m fast`, and everything removed afterwards.
 *
 * Its port is a free one the system picks, so that a cluster left behind by
 * a killed run never blocks the next. It never outlives its process: it is
 * stopped and removed when the process exits, on an uncaught error or on
 * SIGINT/SIGTERM/SIGHUP too (test/harness/exit-cleanup.ts). A cluster whose
 * process died without that (SIGKILL) is stopped and removed by the next
 * run: each folder names its owner (pid and start time, owner.json).
 *
 * initdb refuses to run as root, so when this process is root the commands
 * run as the `postgres` OS user (`runuser -u postgres --`), which then owns
 * the folder.
 */
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { onExit } from "../harness/exit-cleanup";
import { readProcStat } from "../harness/proc-stat";
import { freePort } from "../support/free-port";

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
const FOLDER_PREFIX = "chainrule-pg-";
const OWNER_FILE = "owner.json";
/** A folder without an owner file (made before there was one) counts as left behind once it is this old, in ms. */
const UNOWNED_AGE_MS = 60 * 60 * 1000;

/** The command line for a PostgreSQL tool, as the postgres OS user when we are root. */
function commandAsPostgres(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", command, ...args]] : [command, args];
}

/** Runs a PostgreSQL tool. Asynchronous: a fault run keeps sending requests meanwhile. */
async function asPostgres(command: string, args: string[]): Promise<void> {
  const [file, fullArgs] = commandAsPostgres(command, args);
  await execFileAsync(file, fullArgs, { encoding: "utf8", timeout: 60_000 });
}

const bin = (name: string) => path.join(POSTGRES_BIN, name);

/** Stops a cluster at once, if running (`-m immediate`: nothing in it is kept), and deletes its folder; synchronous, for exit. */
function removeClusterNow(dir: string): void {
  const data = path.join(dir, "data");
  if (existsSync(path.join(data, "postmaster.pid"))) {
    const [file, args] = commandAsPostgres(bin("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "-t", "30", "stop"]);
    try {
      execFileSync(file, args, { stdio: "ignore", timeout: 40_000 });
    } catch {
      // Not running after all (a stale pid file): the folder goes anyway.
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

interface Owner {
  pid: number;
  startTicks: number;
}

function ownerAlive(owner: Owner): boolean {
  return readProcStat(`/proc/${owner.pid}/stat`)?.startTicks === owner.startTicks;
}

/**
 * Stops and removes the clusters of this kind that outlived their process:
 * the owner named in the folder is gone (or its pid now names another
 * process), or, for a folder without an owner file, it is over an hour old.
 * A running check's cluster is never touched. Returns the folders removed.
 */
export function removeOrphanedClusters(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  for (const name of readdirSync(tmp)) {
    if (!name.startsWith(FOLDER_PREFIX)) continue;
    const dir = path.join(tmp, name);
    let orphaned: boolean;
    try {
      const ownerFile = path.join(dir, OWNER_FILE);
      orphaned = existsSync(ownerFile)
        ? !ownerAlive(JSON.parse(readFileSync(ownerFile, "utf8")) as Owner)
        : Date.now() - statSync(dir).mtimeMs > UNOWNED_AGE_MS;
    } catch {
      continue; // removed meanwhile, or half-written by a run starting now
    }
    if (!orphaned) continue;
    removeClusterNow(dir);
    removed.push(dir);
  }
  return removed;
}

/** A new cluster, not started; on `port` if given, else on a free port. */
export async function createPrivatePostgres(wantedPort?: number): Promise<PrivatePostgres> {
  for (const dir of removeOrphanedClusters()) console.error(`removed a private PostgreSQL left behind by a killed run: ${dir}`);
  const port = wantedPort ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), FOLDER_PREFIX));
  const self = readProcStat("/proc/self/stat");
  if (self) writeFileSync(path.join(dir, OWNER_FILE), JSON.stringify({ pid: process.pid, startTicks: self.startTicks } satisfies Owner));
  const forget = onExit(() => removeClusterNow(dir));
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    chownSync(dir, uid, gid);
  }
  const data = path.join(dir, "data");
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
        forget();
      }
    },
  };
  return cluster;
}
