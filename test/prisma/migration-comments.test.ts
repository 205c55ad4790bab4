import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// Prisma's PostgreSQL adapter runs a migration by splitting its text on every
// ";" (@prisma/adapter-pg's executeScript, which scripts/db/migration-adapter.ts
// sends migrations through), comments included: a ";" inside a "--" comment
// cuts a statement in two and `migrate deploy` fails with a syntax error
// (met on 2026-11-27). Comments in migrations must do without ";".

const ROOT = path.resolve(__dirname, "..", "..");

const migrationFiles = ["sqlite", "postgresql"].flatMap((provider) => {
  const folder = path.join(ROOT, "prisma", provider, "migrations");
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(folder, entry.name, "migration.sql"));
});

describe("migration files", () => {
  it("exist for both databases", () => {
    expect(migrationFiles.length).toBeGreaterThanOrEqual(4);
  });

  it.each(migrationFiles.map((file) => [path.relative(ROOT, file)]))("%s has no ';' inside a comment", (file) => {
    const offending = readFileSync(path.join(ROOT, file), "utf8")
      .split("\n")
      .map((line, index) => ({ line, number: index + 1 }))
      .filter(({ line }) => line.includes("--") && line.slice(line.indexOf("--")).includes(";"));
    expect(offending).toEqual([]);
  });
});
