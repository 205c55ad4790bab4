import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "@/test/harness/app-server";

// `npm start` and `npm run db:deploy` migrate through scripts/db/migrate-deploy.mjs,
// which drops two notices of Prisma's that are untrue for us (issue 25: a clean start prints no warning).

function deployTo(databaseFile: string) {
  const script = `import("./scripts/db/migrate-deploy.mjs").then((m) => m.migrateDeploy())`;
  return spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, DATABASE_PROVIDER: "sqlite", DATABASE_URL: `file:${databaseFile}` },
  });
}

describe("migrating the configured database for npm start", () => {
  it("applies every migration to a fresh SQLite file and prints Prisma's report without the notices not meant for us", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-migrate-"));
    try {
      const result = deployTo(path.join(dir, "fresh.db"));
      const output = result.stdout + result.stderr;
      expect(result.status).toBe(0);
      expect(output).toContain("All migrations have been successfully applied.");
      expect(output).not.toMatch(/WARNING|will NOT be used|skipping environment variable loading/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("passes Prisma's errors on, with its exit status", () => {
    // A folder where the database file should be: SQLite cannot open it.
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-migrate-"));
    try {
      const result = deployTo(dir);
      expect(result.status).toBe(1);
      expect(result.stderr).toContain("Error");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
