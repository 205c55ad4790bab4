import { limitSubmissions, SUBMISSIONS_PER_MINUTE, SUBMISSIONS_PER_NETWORK_PER_MINUTE } from "@/lib/rate-limit/limits";
import { reserveSignInAttempt, SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE, signInRefusal } from "@/lib/rate-limit/sign-in-lockout";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

// The per-network limits, counted in a real database. The client's network
// comes from X-Forwarded-For as one trusted proxy writes it: the client's own
// part on the left, the proxy's on the right.

const fromNetwork = (proxyAppended: string, clientWrote = "10.9.8.7") => ({
  headers: new Headers({ "x-forwarded-for": `${clientWrote}, ${proxyAppended}` }),
});

describe("the per-network limits' defaults and settings", () => {
  it("allow a class behind one NAT: 600 submissions and 60 wrong passwords a minute", () => {
    expect(SUBMISSIONS_PER_NETWORK_PER_MINUTE).toBe(600);
    expect(SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE).toBe(60);
    expect(SUBMISSIONS_PER_MINUTE).toBe(30);
  });

  it("read a whole number from the environment and refuse anything else, naming the variable", () => {
    const setting = SETTINGS.submissionsPerNetworkPerMinute;
    expect(readWholeNumberSetting(setting, {})).toBe(600);
    expect(readWholeNumberSetting(setting, { CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: "1200" })).toBe(1200);
    for (const bad of ["0", "-5", "lots", "2.5"]) {
      expect(() => readWholeNumberSetting(setting, { CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: bad })).toThrow(
        `CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE must be a limit (submissions per client network per minute): a whole number from 1 up, not "${bad}".`,
      );
    }
  });
});

describeEachDatabase("per-network rate limits in the database", (provider) => {
  const testDb = useTestDatabase(provider);

  it("refuses submissions from a network past its limit, across students, whatever the client wrote in front", async () => {
    const { db } = testDb;
    const now = 1_800_000_000_000;
    const options = { now, trustedProxyHops: 1 };
    // Students under their own limit (30) but, together, at the network's.
    const students = Array.from({ length: Math.ceil(SUBMISSIONS_PER_NETWORK_PER_MINUTE / 24) }, (_, i) => `student-${i}`);
    const calls = Array.from({ length: SUBMISSIONS_PER_NETWORK_PER_MINUTE }, (_, i) => i);
    // Batches of 50 in parallel: the counter must count each exactly once.
    for (let start = 0; start < calls.length; start += 50) {
      await Promise.all(
        calls
          .slice(start, start + 50)
          .map((i) => limitSubmissions(db, students[i % students.length], fromNetwork("203.0.113.7", `10.0.${i % 250}.1`), options)),
      );
    }
    const fresh = "a-student-with-no-submissions-yet";
    await expect(
      limitSubmissions(db, fresh, fromNetwork("203.0.113.7", "192.0.2.55"), { now: now + 1_000, trustedProxyHops: 1 }),
    ).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many submissions from your network in a minute; wait 59 s and submit again.",
      details: { retryAfterSeconds: 59 },
    });
    // Another network is not affected, nor the same student behind it.
    await expect(limitSubmissions(db, fresh, fromNetwork("198.51.100.4"), options)).resolves.toBeUndefined();
    // The window ends.
    await expect(
      limitSubmissions(db, fresh, fromNetwork("203.0.113.7"), { now: now + 60_000, trustedProxyHops: 1 }),
    ).resolves.toBeUndefined();
  }, 60_000);

  it("applies no per-network limit when no proxy is trusted, and still the student's own", async () => {
    const { db } = testDb;
    const now = 1_800_000_000_000;
    const headers = fromNetwork("203.0.113.9");
    for (let i = 0; i < SUBMISSIONS_PER_NETWORK_PER_MINUTE + 5; i++) {
      await limitSubmissions(db, `untrusted-${i}`, headers, { now, trustedProxyHops: 0 });
    }
    expect(await db.rateLimitBucket.findUnique({ where: { key: "submit:net:203.0.113.9" } })).toBeNull();
    for (let i = 0; i < SUBMISSIONS_PER_MINUTE; i++) await limitSubmissions(db, "one-student", headers, { now, trustedProxyHops: 0 });
    await expect(limitSubmissions(db, "one-student", headers, { now, trustedProxyHops: 0 })).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: expect.stringMatching(/^Too many submissions in a minute; wait \d+ s and submit again\.$/),
    });
  }, 60_000);

  it("refuses sign-in from a network after its wrong passwords, even the right password, and no other network", async () => {
    const { db } = testDb;
    const email = `nat-${provider}@x.test`;
    const user = await db.user.create({ data: { email, name: "Nat", passwordHash: await hashPassword("right password") } });
    const t0 = Date.now();
    const campus = "203.0.113.7";
    // Wrong passwords on many addresses from the campus network (attempts reserved and never given back): each counts once for the network.
    for (let i = 0; i < SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE - 1; i++) await reserveSignInAttempt(db, `guess-${i}@x.test`, campus, t0);
    expect(await signInRefusal(db, email, campus, t0)).toBeNull();
    expect(await authenticate(db, "someone-else@x.test", "guess", t0, campus)).toBeNull();
    expect(await signInRefusal(db, email, campus, t0 + 1_000)).toEqual({ scope: "network", until: t0 + 60_000 });
    await expect(authenticate(db, email, "right password", t0 + 1_000, campus)).rejects.toMatchObject({
      code: "RATE_LIMITED",
      message: "Too many failed sign-ins from your network: try again in 59 seconds.",
    });
    // From another network, and on the campus network once the minute is over, the right password works.
    expect((await authenticate(db, email, "right password", t0 + 2_000, "198.51.100.4"))?.id).toBe(user.id);
    expect((await authenticate(db, email, "right password", t0 + 60_000, campus))?.id).toBe(user.id);
  }, 30_000);

  it("does not clear the network's count on a success, so one good account cannot reset it", async () => {
    const { db } = testDb;
    const email = `reset-${provider}@x.test`;
    await db.user.create({ data: { email, name: "Reset", passwordHash: await hashPassword("right password") } });
    const t0 = Date.now();
    const network = "2001:db8:5:6::/64";
    for (let i = 0; i < SIGN_IN_FAILURES_PER_NETWORK_PER_MINUTE - 1; i++) await reserveSignInAttempt(db, `guess-${i}@x.test`, network, t0);
    expect(await authenticate(db, email, "right password", t0, network)).not.toBeNull();
    expect(await authenticate(db, "other@x.test", "guess", t0, network)).toBeNull();
    expect((await signInRefusal(db, "third@x.test", network, t0 + 1))?.scope).toBe("network");
  }, 30_000);

  it("checks the address's lock first: a locked address says so, whatever the network", async () => {
    const { db } = testDb;
    const t0 = Date.now();
    for (let i = 0; i < 5; i++) expect(await authenticate(db, "locked@x.test", "guess", t0, "198.51.100.9")).toBeNull();
    expect((await signInRefusal(db, "locked@x.test", "198.51.100.9", t0 + 1))?.scope).toBe("address");
    expect((await signInRefusal(db, "locked@x.test", null, t0 + 1))?.scope).toBe("address");
    expect(await signInRefusal(db, "free@x.test", "198.51.100.9", t0 + 1)).toBeNull();
  }, 30_000);
});
