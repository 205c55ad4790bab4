import { parseServerEnv } from "@/lib/env";

// The rate-limit settings are read where they are used (lib/rate-limit), and
// checked with the rest of the environment at start-up, so that a typo stops
// the server instead of silently turning a limit off.

describe("rate-limit settings at start-up", () => {
  it("accepts them unset, empty, or as whole numbers", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test" })).not.toThrow();
    expect(() =>
      parseServerEnv({
        NODE_ENV: "test",
        CHAINRULE_TRUSTED_PROXY_HOPS: "1",
        CHAINRULE_SUBMISSIONS_PER_MINUTE: "",
        CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: "1200",
        CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE: "100",
      }),
    ).not.toThrow();
  });

  it("stops the start on a proxy count that is not a small whole number, naming the variable and what it means", () => {
    for (const bad of ["yes", "-1", "1.5", "17"]) {
      expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_TRUSTED_PROXY_HOPS: bad })).toThrow(
        /CHAINRULE_TRUSTED_PROXY_HOPS: must be the number of reverse proxies in front of the app \(0 = do not trust X-Forwarded-For\): a whole number from 0 to 16/,
      );
    }
  });

  it("stops the start on a limit below 1 or not a number", () => {
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: "0" })).toThrow(
      /CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: must be a limit/,
    );
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE: "lots" })).toThrow(
      /CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE: must be a limit/,
    );
    expect(() => parseServerEnv({ NODE_ENV: "test", CHAINRULE_SUBMISSIONS_PER_MINUTE: "-3" })).toThrow(/CHAINRULE_SUBMISSIONS_PER_MINUTE/);
  });
});
