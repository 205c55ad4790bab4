// Creates .env from .env.example on first run, with a freshly generated
// NEXTAUTH_SECRET, so that `npm start` works on a fresh clone while production
// still refuses to start without a secret (lib/env.ts). An existing .env is
// never touched.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const envFile = path.join(root, ".env");

export function ensureEnvFile() {
  if (existsSync(envFile)) return false;
  const example = readFileSync(path.join(root, ".env.example"), "utf8");
  const secret = randomBytes(32).toString("base64url");
  writeFileSync(envFile, example.replace(/^NEXTAUTH_SECRET=.*$/m, `NEXTAUTH_SECRET=${secret}`), { mode: 0o600 });
  console.log("setup: wrote .env with a new NEXTAUTH_SECRET (edit it to configure Chainrule)");
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) ensureEnvFile();
