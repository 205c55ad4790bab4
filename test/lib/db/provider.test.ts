import { DatabaseConfigError, databaseTarget as targetFrom } from "@/lib/db/provider";

// Environments are partial here: only the variables under test are set.
const databaseTarget = (env: Record<string, string>, baseDir?: string) => targetFrom(env as NodeJS.ProcessEnv, baseDir);

describe("databaseTarget", () => {
  it("defaults to an embedded SQLite file inside the project", () => {
    expect(databaseTarget({}, "/srv/chainrule")).toEqual({ provider: "sqlite", url: "file:/srv/chainrule/data/chainrule.db" });
  });

  it("resolves a relative SQLite path against the project folder, whichever folder a command runs from", () => {
    expect(databaseTarget({ DATABASE_URL: "file:./var/db.sqlite" }, "/srv/app").url).toBe("file:/srv/app/var/db.sqlite");
    expect(databaseTarget({ DATABASE_URL: "file:/abs/x.db" }, "/srv/app").url).toBe("file:/abs/x.db");
  });

  it("selects PostgreSQL by DATABASE_PROVIDER, accepting both spellings", () => {
    const url = "postgresql://app@127.0.0.1:5432/chainrule";
    expect(databaseTarget({ DATABASE_PROVIDER: "postgresql", DATABASE_URL: url })).toEqual({ provider: "postgresql", url });
    expect(databaseTarget({ DATABASE_PROVIDER: "Postgres", DATABASE_URL: url }).provider).toBe("postgresql");
  });

  it("names the variable and a fix when PostgreSQL is chosen without a PostgreSQL URL", () => {
    expect(() => databaseTarget({ DATABASE_PROVIDER: "postgresql" })).toThrow(DatabaseConfigError);
    expect(() => databaseTarget({ DATABASE_PROVIDER: "postgresql", DATABASE_URL: "file:./x.db" })).toThrow(/postgresql:\/\//);
  });

  it("refuses an unknown provider and a non-file URL for SQLite", () => {
    expect(() => databaseTarget({ DATABASE_PROVIDER: "mysql" })).toThrow(/"mysql".*sqlite.*postgresql/);
    expect(() => databaseTarget({ DATABASE_URL: "postgresql://x/y" })).toThrow(/file: URL/);
  });
});
