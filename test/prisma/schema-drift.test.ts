import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PROVIDERS, renderSchema } from "@/scripts/db/schema-files";
import { createEmptyTarget, describeEachDatabase, prismaCli } from "@/test/harness/test-database";
import type { DatabaseProvider } from "@/lib/db/provider";

// SQLite and PostgreSQL each have a schema file and a migrations folder. Both
// schemas are rendered from prisma/models.prisma, and each folder's
// migrations must build exactly its schema: this suite fails on any drift.

const ROOT = path.resolve(__dirname, "..", "..");

describe("the two schema files", () => {
  it.each(PROVIDERS)("prisma/%s/schema.prisma is prisma/models.prisma with its own header (run `npm run db:schemas`)", (provider) => {
    const committed = readFileSync(path.join(ROOT, "prisma", provider, "schema.prisma"), "utf8");
    expect(committed).toBe(renderSchema(ROOT, provider));
  });

  it("hold the same models, model for model", () => {
    // Everything after the datasource block is the data model.
    const models = PROVIDERS.map((provider) => {
      const schema = readFileSync(path.join(ROOT, "prisma", provider, "schema.prisma"), "utf8");
      return schema.slice(schema.indexOf("}\n", schema.indexOf("datasource db")) + 2);
    });
    expect(models[0]).toContain("model Submission {");
    expect(models[0]).toBe(models[1]);
  });
});

/** `prisma migrate diff` from the migrations folder to a schema: exit 0 when equal, 2 when they differ. */
async function diffMigrationsAgainst(provider: DatabaseProvider, schemaFile: string) {
  // The diff replays the migrations on a temporary shadow database of the target's server.
  const { target, drop } = await createEmptyTarget(provider);
  try {
    await prismaCli(target, [
      "migrate",
      "diff",
      "--from-migrations",
      path.join("prisma", provider, "migrations"),
      "--to-schema-datamodel",
      schemaFile,
      "--exit-code",
    ]);
    return { exitCode: 0, stdout: "" };
  } catch (error) {
    const failure = error as { code?: number; stdout?: string; stderr?: string };
    return { exitCode: failure.code ?? -1, stdout: `${failure.stdout ?? ""}${failure.stderr ?? ""}` };
  } finally {
    await drop();
  }
}

describeEachDatabase("migrations", (provider) => {
  it("build exactly the committed schema", async () => {
    const result = await diffMigrationsAgainst(provider, path.join("prisma", provider, "schema.prisma"));
    expect(result).toEqual({ exitCode: 0, stdout: "" });
  }, 60_000);

  it("are reported as drifted when the schema gains a column they lack", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-drift-"));
    const drifted = renderSchema(ROOT, provider).replace("model Course {\n", "model Course {\n  drifted String?\n");
    const schemaFile = path.join(dir, "schema.prisma");
    writeFileSync(schemaFile, drifted);
    const result = await diffMigrationsAgainst(provider, schemaFile);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toMatch(/drifted/);
  }, 60_000);
});
