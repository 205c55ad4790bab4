// `npm run db:seed`: adds the demo course and accounts when they are missing.
// Set CHAINRULE_SEED_DEMO=false on a real deployment to skip it.
import "dotenv/config";
import { createDb } from "../lib/db/client";
import { databaseTarget } from "../lib/db/provider";
import { seedDemo } from "../lib/seed/seed-demo";

async function main() {
  if (process.env.CHAINRULE_SEED_DEMO === "false") {
    console.log("seed: skipped (CHAINRULE_SEED_DEMO=false)");
    return;
  }
  const db = createDb(databaseTarget());
  try {
    const { created } = await seedDemo(db);
    console.log(created.length ? `seed: created ${created.join(", ")}` : "seed: demo data already present");
  } finally {
    await db.$disconnect();
  }
}

main().catch((error) => {
  console.error("seed failed:", error);
  process.exit(1);
});
