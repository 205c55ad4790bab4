import { consumeRateLimit, consumeRateLimits } from "@/lib/rate-limit/consume-rate-limit";
import { createDb } from "@/lib/db/client";
import { FREE_FAILURES, MAX_LOCK_MS, reserveSignInAttempt, signInRefusal } from "@/lib/rate-limit/sign-in-lockout";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

describeEachDatabase("rate limits in the database", (provider) => {
  const testDb = useTestDatabase(provider);

  it("counts within a window, refuses past the limit, and starts again after it", async () => {
    const { db } = testDb;
    const t0 = 1_800_000_000_000;
    const counts = [];
    for (let i = 0; i < 4; i++)
      counts.push(await consumeRateLimit({ db, key: "t:window", limit: 3, windowMs: 60_000, now: t0 + i * 1000 }));
    expect(counts.map((c) => [c.count, c.allowed])).toEqual([
      [1, true],
      [2, true],
      [3, true],
      [4, false],
    ]);
    expect(counts[3].retryAfterMs).toBe(57_000);
    const later = await consumeRateLimit({ db, key: "t:window", limit: 3, windowMs: 60_000, now: t0 + 60_000 });
    expect([later.count, later.allowed]).toEqual([1, true]);
  });

  it("counts parallel requests exactly once each", async () => {
    const { db } = testDb;
    const results = await Promise.all(
      Array.from({ length: 20 }, () => consumeRateLimit({ db, key: "t:parallel", limit: 10, windowMs: 60_000 })),
    );
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter((r) => r.allowed)).toHaveLength(10);
  });

  it("counts several counters in one statement and answers in the counters' order", async () => {
    const statements: string[] = [];
    const db = createDb(testDb.target, { onQuery: (sql) => statements.push(sql) });
    try {
      const t0 = 1_800_000_000_000;
      // Keys given out of alphabetical order: the answer follows the request, not the rows' order.
      const counters = [
        { key: "t:many:z-user", limit: 1 },
        { key: "t:many:a-net", limit: 5 },
      ];
      const first = await consumeRateLimits({ db, counters, windowMs: 60_000, now: t0 });
      const second = await consumeRateLimits({ db, counters, windowMs: 60_000, now: t0 + 2_000 });
      expect(statements).toHaveLength(2);
      expect(first.map((r) => [r.count, r.allowed])).toEqual([
        [1, true],
        [1, true],
      ]);
      expect(second.map((r) => [r.count, r.allowed, r.retryAfterMs])).toEqual([
        [2, false, 58_000],
        [2, true, 58_000],
      ]);
    } finally {
      await db.$disconnect();
    }
  });

  it("counts a counter shared by parallel requests exactly once each, beside each one's own", async () => {
    const { db } = testDb;
    // As a class behind one network: each student's own counter and the network's, locked in one statement each.
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        consumeRateLimits({
          db,
          counters: [
            { key: `t:shared:user-${i}`, limit: 30 },
            { key: "t:shared:net", limit: 15 },
          ],
          windowMs: 60_000,
        }),
      ),
    );
    expect(results.map(([own]) => own.count)).toEqual(Array.from({ length: 20 }, () => 1));
    expect(results.map(([, net]) => net.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(results.filter(([, net]) => net.allowed)).toHaveLength(15);
  });

  it("refuses counting one key twice in a request, naming it, and counts nothing", async () => {
    const { db } = testDb;
    await expect(
      consumeRateLimits({
        db,
        counters: [
          { key: "t:twice", limit: 3 },
          { key: "t:twice", limit: 3 },
        ],
        windowMs: 60_000,
      }),
    ).rejects.toThrow("Rate-limit counters must have distinct keys: t:twice, t:twice.");
    expect(await db.rateLimitBucket.findUnique({ where: { key: "t:twice" } })).toBeNull();
  });

  it("locks an address from its fifth wrong password for 30 s, doubling with each one after the lock, up to the maximum", async () => {
    const { db } = testDb;
    const t0 = 1_800_000_000_000;
    const locks = [];
    let t = t0;
    // Each attempt is made as soon as the previous lock allows: a reserved attempt that is never given back is a failure.
    for (let i = 0; i < FREE_FAILURES + 4; i++) {
      expect((await reserveSignInAttempt(db, "lock@x.test", null, t)).reserved).toBe(true);
      const refusal = await signInRefusal(db, "lock@x.test", null, t);
      locks.push(refusal ? refusal.until - t : 0);
      if (refusal) t = refusal.until;
    }
    expect(locks).toEqual([0, 0, 0, 0, 30_000, 60_000, 120_000, 240_000, 480_000]);
    expect(await reserveSignInAttempt(db, "lock@x.test", null, t - 1)).toEqual({
      reserved: false,
      refusal: { scope: "address", until: t },
    });
    // Many failures within the window (as parallel guesses once could): the lock stops at the maximum.
    await db.rateLimitBucket.update({
      where: { key: "signin:email:lock@x.test" },
      data: { count: 20, windowStart: BigInt(t), blockedUntil: 0n },
    });
    expect((await reserveSignInAttempt(db, "lock@x.test", null, t)).reserved).toBe(true);
    expect(await signInRefusal(db, "lock@x.test", null, t)).toEqual({ scope: "address", until: t + MAX_LOCK_MS });
    expect(await signInRefusal(db, "lock@x.test", null, t + MAX_LOCK_MS)).toBeNull();
  });

  it("refuses even the right password while locked, and clears the count on success", async () => {
    const { db } = testDb;
    const email = `ada-${provider}@x.test`;
    const user = await db.user.create({ data: { email, name: "Ada", passwordHash: await hashPassword("right password") } });
    const t0 = Date.now();
    for (let i = 0; i < FREE_FAILURES; i++) expect(await authenticate(db, email, "wrong", t0)).toBeNull();
    await expect(authenticate(db, email, "right password", t0 + 1000)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/Too many failed sign-ins for this address: try again in 1 minute/),
    });
    // After the 30 s lock, the right password works and the count starts again from zero.
    expect((await authenticate(db, email, "right password", t0 + 31_000))?.id).toBe(user.id);
    expect(await authenticate(db, email, "wrong", t0 + 32_000)).toBeNull();
    expect(await signInRefusal(db, email, null, t0 + 33_000)).toBeNull();
  }, 30_000);

  it("counts unknown addresses like real ones, so the answers do not reveal who has an account", async () => {
    const { db } = testDb;
    const t0 = Date.now();
    for (let i = 0; i < FREE_FAILURES; i++) expect(await authenticate(db, "nobody@x.test", "guess", t0)).toBeNull();
    await expect(authenticate(db, "nobody@x.test", "guess", t0 + 1000)).rejects.toMatchObject({ code: "RATE_LIMITED" });
  }, 30_000);
});
