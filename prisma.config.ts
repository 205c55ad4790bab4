// Prisma CLI configuration. Migrations run through a driver adapter and the
// WASM schema engine, because Prisma's native engines cannot be downloaded on
// our machines (see docs/operations.md, "Databases").
import "dotenv/config";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { databaseTarget, schemaPath } from "./lib/db/provider";
import { migrationAdapterFactory } from "./scripts/db/migration-adapter";

const target = databaseTarget();
// The schema's datasource reads DATABASE_URL and must resolve even for the
// default SQLite file, or the CLI tries to download a query engine.
process.env.DATABASE_URL = target.url;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: schemaPath(target.provider),
  migrations: {
    path: path.join("prisma", target.provider, "migrations"),
    seed: "tsx prisma/seed.ts",
  },
  async adapter() {
    return migrationAdapterFactory(target);
  },
});
