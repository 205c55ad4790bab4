// Brings the configured database up to date before the app starts:
// .env on first run, `prisma migrate deploy`, WAL mode for SQLite, then the
// idempotent demo seed. Safe to run any number of times: data is kept.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureEnvFile } from "../setup-env.mjs";
import { migrateDeploy } from "./migrate-deploy.mjs";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const bin = (name) => path.join(root, "node_modules", ".bin", name);
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: "inherit" });

ensureEnvFile();
migrateDeploy();
run(bin("tsx"), [path.join("scripts", "db", "tune-sqlite.ts")]);
run(bin("tsx"), [path.join("prisma", "seed.ts")]);
