import { expect, test } from "@playwright/test";
import { startExpectingRefusal } from "./support/refused-start";

/** The port of the servers this spec starts, each expected to refuse. */
const PORT = 3299;

test("a production server without NEXTAUTH_SECRET refuses to start and says why", async () => {
  // An empty variable wins over .env, which dotenv never overrides.
  const { code, output } = await startExpectingRefusal(PORT, { NEXTAUTH_SECRET: "" });
  expect(code).toBe(1);
  expect(output).toContain("NEXTAUTH_SECRET must be set");
});
