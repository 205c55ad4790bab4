// Which database this process talks to, read from the environment.
// Shared by prisma.config.ts (the CLI), the app's client and the scripts, so
// that all of them agree on the same file or server.
//
// Deliberately free of "server-only" and of Prisma imports: the Prisma CLI
// loads this file through prisma.config.ts.
import path from "node:path";

export type DatabaseProvider = "sqlite" | "postgresql";

export const DEFAULT_SQLITE_URL = "file:./data/chainrule.db";

export interface DatabaseTarget {
  provider: DatabaseProvider;
  /** For SQLite a `file:` URL with an absolute path; for PostgreSQL the connection string. */
  url: string;
}

export class DatabaseConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DatabaseConfigError";
  }
}

export function parseProvider(raw: string | undefined): DatabaseProvider {
  const value = (raw ?? "").trim().toLowerCase();
  if (value === "" || value === "sqlite") return "sqlite";
  if (value === "postgresql" || value === "postgres") return "postgresql";
  throw new DatabaseConfigError(`DATABASE_PROVIDER is "${raw}"; set it to "sqlite" (the default) or "postgresql".`);
}

/**
 * Resolves a SQLite `file:` URL against `baseDir`, so that the database file is
 * the same whichever folder a command runs from.
 */
export function absoluteSqliteUrl(url: string, baseDir: string): string {
  if (!url.startsWith("file:")) {
    throw new DatabaseConfigError(
      `DATABASE_URL is "${url}" but DATABASE_PROVIDER is sqlite; use a file: URL such as ${DEFAULT_SQLITE_URL}.`,
    );
  }
  const filePath = url.slice("file:".length);
  if (filePath === ":memory:") return url;
  return `file:${path.resolve(baseDir, filePath)}`;
}

export function sqliteFilePath(url: string): string {
  return url.slice("file:".length);
}

export function databaseTarget(env: NodeJS.ProcessEnv = process.env, baseDir: string = process.cwd()): DatabaseTarget {
  const provider = parseProvider(env.DATABASE_PROVIDER);
  if (provider === "sqlite") {
    return { provider, url: absoluteSqliteUrl(env.DATABASE_URL || DEFAULT_SQLITE_URL, baseDir) };
  }
  const url = env.DATABASE_URL;
  if (!url || !/^postgres(ql)?:\/\//.test(url)) {
    throw new DatabaseConfigError(
      "DATABASE_PROVIDER is postgresql but DATABASE_URL is not a postgresql:// URL; set it, for example postgresql://user@127.0.0.1:5432/chainrule.",
    );
  }
  return { provider, url };
}

export function schemaPath(provider: DatabaseProvider): string {
  return path.join("prisma", provider, "schema.prisma");
}
