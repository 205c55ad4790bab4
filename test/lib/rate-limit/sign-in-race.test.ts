import { createDb, type Db } from "@/lib/db/client";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import {
  FREE_FAILURES,
  reserveSignInAttempt,
  SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE,
  signInRefusal,
} from "@/lib/rate-limit/sign-in-lockout";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

// Issue 18: the lock-out read the failure count before bcrypt and wrote it
// after, so 40 wrong passwords sent at once were all compared, and a right
// one among them signed in. Here the attempts really run at once: each on a
// client of its own (its own SQLite connection, or its own PostgreSQL pool),
// as requests reaching several app instances would.

const PARALLEL_GUESSES = 40;
const CLIENTS = 8;

type Outcome = "signed in" | "wrong password" | "locked" | string;

describeEachDatabase("sign-in attempts made at once", (provider) => {
  const testDb = useTestDatabase(provider);
  let clients: Db[] = [];

  beforeAll(() => {
    clients = Array.from({ length: CLIENTS }, () => createDb(testDb.target));
  });
  afterAll(() => Promise.all(clients.map((client) => client.$disconnect())));

  async function signIn(i: number, email: string, password: string, network: string | null = null): Promise<Outcome> {
    try {
      return (await authenticate(clients[i % CLIENTS], email, password, Date.now(), network)) ? "signed in" : "wrong password";
    } catch (error) {
      const { code, message } = error as { code?: string; message?: string };
      return code === "RATE_LIMITED" && /^Too many failed sign-ins for this address/.test(message ?? "") ? "locked" : `${code}: ${message}`;
    }
  }

  it("compares only the free attempts' passwords of 40 wrong ones sent at once, and refuses the rest by the lock", async () => {
    const email = `guessed-${provider}@x.test`;
    await testDb.db.user.create({ data: { email, name: "Guessed", passwordHash: await hashPassword("right password") } });
    const outcomes = await Promise.all(Array.from({ length: PARALLEL_GUESSES }, (_, i) => signIn(i, email, `wrong ${i}`)));
    expect(outcomes.filter((outcome) => outcome === "wrong password")).toHaveLength(FREE_FAILURES);
    expect(outcomes.filter((outcome) => outcome === "locked")).toHaveLength(PARALLEL_GUESSES - FREE_FAILURES);
    const row = await testDb.db.rateLimitBucket.findUniqueOrThrow({ where: { key: `signin:email:${email}` } });
    expect(row.count).toBe(FREE_FAILURES);
  }, 60_000);

  it("refuses the right password sent once the lock is reached, while the guesses are still being compared", async () => {
    const email = `raced-${provider}@x.test`;
    await testDb.db.user.create({ data: { email, name: "Raced", passwordHash: await hashPassword("right password") } });
    let lockReached!: () => void;
    const locked = new Promise<void>((resolve) => (lockReached = resolve));
    const guesses = Array.from({ length: PARALLEL_GUESSES }, async (_, i) => {
      const outcome = await signIn(i, email, `wrong ${i}`);
      if (outcome === "locked") lockReached();
      return outcome;
    });
    const right = Promise.race([locked, Promise.all(guesses)]).then(() => signIn(PARALLEL_GUESSES, email, "right password"));
    const outcomes = await Promise.all(guesses);
    expect(await right).toBe("locked");
    expect(outcomes.filter((outcome) => outcome === "wrong password")).toHaveLength(FREE_FAILURES);
  }, 60_000);

  it("signs in with the right password among the free attempts, and clears the address's count", async () => {
    const email = `lucky-${provider}@x.test`;
    const user = await testDb.db.user.create({ data: { email, name: "Lucky", passwordHash: await hashPassword("right password") } });
    const outcomes = await Promise.all([
      signIn(0, email, "right password"),
      ...Array.from({ length: FREE_FAILURES - 2 }, (_, i) => signIn(i + 1, email, `wrong ${i}`)),
    ]);
    expect(outcomes[0]).toBe("signed in");
    expect(outcomes.slice(1)).toEqual(Array.from({ length: FREE_FAILURES - 2 }, () => "wrong password"));
    expect(await signInRefusal(testDb.db, email, null)).toBeNull();
    expect((await authenticate(testDb.db, email, "right password"))?.id).toBe(user.id);
  }, 60_000);

  it("reserves exactly the network's limit of attempts sent at once from one network to many addresses", async () => {
    const network = `203.0.113.${provider === "sqlite" ? 1 : 2}`;
    const now = Date.now();
    const attempts = await Promise.all(
      Array.from({ length: SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE + 20 }, (_, i) =>
        reserveSignInAttempt(clients[i % CLIENTS], `sprayed-${i}@x.test`, network, now),
      ),
    );
    expect(attempts.filter((attempt) => attempt.reserved)).toHaveLength(SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE);
    expect(attempts.filter((attempt) => !attempt.reserved).map((attempt) => !attempt.reserved && attempt.refusal)).toEqual(
      Array.from({ length: 20 }, () => ({ scope: "network", until: now + 60_000 })),
    );
    // A refused attempt counts nothing against its address.
    const counted = await testDb.db.rateLimitBucket.aggregate({
      where: { key: { startsWith: "signin:email:sprayed-" } },
      _sum: { count: true },
    });
    expect(counted._sum.count).toBe(SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE);
  }, 60_000);

  it("gives the network back a successful attempt's reservation, so that successes never use up its limit", async () => {
    const network = `198.51.100.${provider === "sqlite" ? 1 : 2}`;
    const email = `member-${provider}@x.test`;
    await testDb.db.user.create({ data: { email, name: "Member", passwordHash: await hashPassword("right password") } });
    const now = Date.now();
    for (let i = 0; i < SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE - 1; i++)
      await reserveSignInAttempt(testDb.db, `typo-${i}@x.test`, network, now);
    // The last attempt left: a success takes it while its password is compared, then gives it back.
    expect(await authenticate(testDb.db, email, "right password", now, network)).not.toBeNull();
    const row = await testDb.db.rateLimitBucket.findUniqueOrThrow({ where: { key: `signin:net:${network}` } });
    expect([row.count, Number(row.blockedUntil)]).toEqual([SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE - 1, 0]);
    expect(await signInRefusal(testDb.db, "anyone@x.test", network, now)).toBeNull();
  }, 60_000);
});
