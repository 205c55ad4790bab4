// `npm run db:schemas`: writes prisma/sqlite/schema.prisma and
// prisma/postgresql/schema.prisma from prisma/models.prisma. Run after editing
// the models, then add a migration for each database (docs/development.md,
// "Changing the data model").
import { writeFileSync } from "node:fs";
import path from "node:path";
import { PROVIDERS, renderSchema } from "./schema-files";

const root = path.resolve(__dirname, "..", "..");
for (const provider of PROVIDERS) {
  const file = path.join(root, "prisma", provider, "schema.prisma");
  writeFileSync(file, renderSchema(root, provider));
  console.log(`wrote ${path.relative(root, file)}`);
}
