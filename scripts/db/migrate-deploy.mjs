// `prisma migrate deploy`, for `npm start` and `npm run db:deploy`, without
// the two notices Prisma 6 prints on every run that are untrue for our
// set-up and would leave a newcomer wondering (issue 25). Everything else the
// CLI prints, errors included, is passed on as it is, and a notice whose text
// changes in a new Prisma is passed on too rather than hidden.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const NOTICES_NOT_FOR_US = [
  // "The values from your schema will NOT be used!": the schema's datasource
  // has a url only because the CLI refuses a schema without one (the comment
  // in prisma/sqlite/schema.prisma; docs/operations.md, "Databases"), and
  // prisma.config.ts's driver adapter migrates that same database.
  /\nWARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma\.config\.ts:\n- url\n\nThe values from your schema will NOT be used!\n\nWe recommend you to remove those properties from your schema to avoid confusion if you are only using driver adapters\.\n/,
  // prisma.config.ts loads .env itself (dotenv), so the settings are read.
  /^Prisma config detected, skipping environment variable loading\.\n/m,
];

function withoutNoticesNotForUs(output) {
  return NOTICES_NOT_FOR_US.reduce((text, notice) => text.replace(notice, ""), output);
}

/** Applies the committed migrations to the configured database; exits with the CLI's status when it fails. */
export function migrateDeploy() {
  const result = spawnSync(path.join(root, "node_modules", ".bin", "prisma"), ["migrate", "deploy"], {
    cwd: root,
    stdio: ["inherit", "pipe", "pipe"],
    encoding: "utf8",
  });
  process.stdout.write(withoutNoticesNotForUs(result.stdout ?? ""));
  process.stderr.write(withoutNoticesNotForUs(result.stderr ?? ""));
  if (result.error) throw result.error;
  if (result.status !== 0) process.exit(result.status ?? 1);
}
