/**
 * `npm run -s admin -- grant|revoke admin|lti-registrar EMAIL`: gives or
 * takes a site-wide right (docs/lti.md, "Who may register"). An admin
 * manages every LMS platform and rotates the LTI keys; an lti-registrar (an
 * instructor) registers platforms of their own.
 */
import "dotenv/config";
import { createDb } from "../../lib/db/client";
import { databaseTarget } from "../../lib/db/provider";
import { setSiteRight, type SiteRight } from "../../lib/admin/grant-rights";

const USAGE = "usage: npm run -s admin -- grant|revoke admin|lti-registrar EMAIL";

async function main() {
  const [verb, right, email] = process.argv.slice(2);
  if (!["grant", "revoke"].includes(verb) || !["admin", "lti-registrar"].includes(right) || !email) {
    console.error(USAGE);
    process.exit(2);
  }
  const db = createDb(databaseTarget());
  try {
    await setSiteRight(db, email, right as SiteRight, verb === "grant");
    console.log(`${verb === "grant" ? "Granted" : "Revoked"} ${right} ${verb === "grant" ? "to" : "from"} ${email}.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
