/**
 * `npm run -s admin -- grant|revoke admin|lti-registrar EMAIL`: gives or
 * takes a site-wide right (docs/lti.md, "Who may register"). An admin
 * manages every LMS platform and rotates the LTI keys; an lti-registrar (an
 * instructor) registers platforms of their own.
 *
 * `npm run -s admin -- reset-password EMAIL`: sets a new random password for
 * someone who forgot theirs, ends their sessions and prints it, to be handed
 * over in person (lib/admin/reset-password.ts).
 */
import "dotenv/config";
import { createDb } from "../../lib/db/client";
import { databaseTarget } from "../../lib/db/provider";
import { setSiteRight, type SiteRight } from "../../lib/admin/grant-rights";
import { resetPassword } from "../../lib/admin/reset-password";

const USAGE = "usage: npm run -s admin -- grant|revoke admin|lti-registrar EMAIL, or reset-password EMAIL";

async function main() {
  const args = process.argv.slice(2);
  if (args[0] === "reset-password" && args.length === 2) return resetPasswordOf(args[1]);
  const [verb, right, email] = args;
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

async function resetPasswordOf(email: string) {
  const db = createDb(databaseTarget());
  try {
    const { password } = await resetPassword(db, email);
    console.log(`New password for ${email}: ${password}`);
    console.log("Their sessions have ended. Give it to them in person; they can change it on their account page.");
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
