// Generates the Prisma client for both databases, so that the app and the
// tests can talk to SQLite and PostgreSQL from the same build. Runs on
// `npm install` (postinstall). The native query engine is never needed:
// the generator uses engineType = "client" with driver adapters.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const prismaBin = path.join(root, "node_modules", ".bin", "prisma");

for (const provider of ["sqlite", "postgresql"]) {
  execFileSync(prismaBin, ["generate", "--schema", path.join("prisma", provider, "schema.prisma")], {
    cwd: root,
    stdio: "inherit",
    // prisma.config.ts picks the adapter from DATABASE_PROVIDER, and the CLI
    // falls back to downloading a native engine when adapter and schema
    // disagree, so each generation names its own provider. Generation never
    // connects: the PostgreSQL URL only has to parse.
    env: {
      ...process.env,
      DATABASE_PROVIDER: provider,
      DATABASE_URL: provider === "sqlite" ? "file:./data/unused-by-generate.db" : "postgresql://generate@127.0.0.1:5432/unused",
      PRISMA_HIDE_UPDATE_MESSAGE: "1",
    },
  });
}
