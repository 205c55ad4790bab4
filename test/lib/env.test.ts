import { DEFAULT_LIMITS } from "@/grader/expr";
import { adoptLocalSiteUrl, localSiteUrl, parseServerEnv, ServerEnvError } from "@/lib/env";
import { SETTINGS } from "@/lib/settings";

describe("parseServerEnv", () => {
  it("refuses to start in production without NEXTAUTH_SECRET and says how to make one", () => {
    expect(() => parseServerEnv({ NODE_ENV: "production" })).toThrow(ServerEnvError);
    expect(() => parseServerEnv({ NODE_ENV: "production" })).toThrow(/NEXTAUTH_SECRET.*openssl rand/s);
  });

  it("refuses a production secret shorter than 32 characters", () => {
    expect(() => parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "short" })).toThrow(/at least 32 characters/);
  });

  it("starts in production with a long secret, and defaults sign-up to invite-only", () => {
    const env = parseServerEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: "x".repeat(43) });
    expect(env.CHAINRULE_SIGNUP).toBe("invite");
  });

  it("runs in development without a secret", () => {
    expect(parseServerEnv({ NODE_ENV: "development" }).NODE_ENV).toBe("development");
  });

  it("names an unknown sign-up mode", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SIGNUP: "anyone" })).toThrow(/CHAINRULE_SIGNUP/);
  });

  it("names an unknown SQLite synchronous level and accepts the two it supports", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SQLITE_SYNCHRONOUS: "OFF" })).toThrow(
      /CHAINRULE_SQLITE_SYNCHRONOUS: must be "FULL".*or "NORMAL"/,
    );
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_SQLITE_SYNCHRONOUS: "normal" }).NODE_ENV).toBe("test");
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_SQLITE_SYNCHRONOUS: "FULL" }).NODE_ENV).toBe("test");
  });

  it("names a submission concurrency that is not a whole number from 1 to 1000", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SUBMISSION_CONCURRENCY: "0" })).toThrow(
      "CHAINRULE_SUBMISSION_CONCURRENCY: must be the number of submissions one server process works on at once: " +
        "a whole number from 1 to 1000",
    );
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SUBMISSION_CONCURRENCY: "eight" })).toThrow(
      /CHAINRULE_SUBMISSION_CONCURRENCY/,
    );
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_SUBMISSION_CONCURRENCY: "16" }).NODE_ENV).toBe("test");
  });

  it("checks the number of grading threads at start-up too", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_GRADING_THREADS: "0" })).toThrow(
      /CHAINRULE_GRADING_THREADS: must be the number of grading threads per app process: a whole number from 1 to 64/,
    );
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_GRADING_THREADS: "4" }).NODE_ENV).toBe("test");
  });

  it("names a grading priority that is not a nice increment from 0 to 19", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_GRADING_NICE: "20" })).toThrow(
      "CHAINRULE_GRADING_NICE: must be how much lower the grading threads' priority is than the request thread's " +
        "(a Linux nice increment): a whole number from 0 to 19",
    );
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_GRADING_NICE: "0" }).NODE_ENV).toBe("test");
  });

  it("holds the inline grading budget to the grader's cap on one formula, so no setting lets a costly answer stall requests", () => {
    expect(SETTINGS.inlineGradingBudget.max).toBe(DEFAULT_LIMITS.maxCost);
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_INLINE_GRADING_BUDGET: String(DEFAULT_LIMITS.maxCost + 1) })).toThrow(
      "CHAINRULE_INLINE_GRADING_BUDGET: must be the estimated cost under which a submission is graded on the request thread " +
        "(grader cost units; 0 = always in the pool): a whole number from 0 to 20000000",
    );
    expect(parseServerEnv({ NODE_ENV: "test", CHAINRULE_INLINE_GRADING_BUDGET: "0" }).NODE_ENV).toBe("test");
  });
});

describe("the site's address when the operator names none (issue 25)", () => {
  it("is this machine on the port served, PORT, or Next's 3000 without one", () => {
    expect(localSiteUrl({ NODE_ENV: "production", PORT: "3001" })).toBe("http://localhost:3001");
    expect(localSiteUrl({ NODE_ENV: "production" })).toBe("http://localhost:3000");
  });

  it("becomes NEXTAUTH_URL at start-up when that is unset or blank, so next-auth's redirects follow the port too", () => {
    const unset: NodeJS.ProcessEnv = { NODE_ENV: "production", PORT: "3450" };
    const blank: NodeJS.ProcessEnv = { NODE_ENV: "production", PORT: "3450", NEXTAUTH_URL: " " };
    adoptLocalSiteUrl(unset);
    adoptLocalSiteUrl(blank);
    expect([unset.NEXTAUTH_URL, blank.NEXTAUTH_URL]).toEqual(["http://localhost:3450", "http://localhost:3450"]);
  });

  it("never replaces an address the operator set, whatever the port", () => {
    const env: NodeJS.ProcessEnv = { NODE_ENV: "production", PORT: "3001", NEXTAUTH_URL: "https://chainrule.example.edu" };
    adoptLocalSiteUrl(env);
    expect(env.NEXTAUTH_URL).toBe("https://chainrule.example.edu");
  });
});
