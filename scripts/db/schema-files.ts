// Renders prisma/<provider>/schema.prisma from prisma/models.prisma: the same
// models, with the provider's datasource and generator. Used by
// `npm run db:schemas` (scripts/db/write-schemas.ts) to write the files and by the drift test to check them.
import { readFileSync } from "node:fs";
import path from "node:path";

export const PROVIDERS = ["sqlite", "postgresql"] as const;
export type Provider = (typeof PROVIDERS)[number];

export function schemaHeader(provider: Provider): string {
  return `// GENERATED from prisma/models.prisma by \`npm run db:schemas\`: edit that file, not this one.

generator client {
  provider     = "prisma-client"
  output       = "../../lib/db/generated/${provider}"
  engineType   = "client"
  moduleFormat = "cjs"
}

datasource db {
  provider = "${provider}"
  // Unused at run time (the app passes a driver adapter), but the CLI needs a
  // URL that resolves; prisma.config.ts always sets it.
  url      = env("DATABASE_URL")
}
`;
}

export function renderSchema(root: string, provider: Provider): string {
  const models = readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
  return `${schemaHeader(provider)}\n${models}`;
}
