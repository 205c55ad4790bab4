import { choiceArgument, flagArgument, listArgument, numericArgument, optionalTextArgument, textArgument } from "./arguments";

// The scripts' command-line options: given values are read, absent ones fall
// back, and a typo stops the script naming the option instead of turning
// into a default or a NaN figure.

const argv = (...args: string[]) => ["node", "script.ts", ...args];

describe("the scripts' command-line options", () => {
  it("read given values and fall back when absent", () => {
    const given = argv("--runs", "50", "--slug", "zero-init", "--stages", "10,50", "--policy", "LAST", "--no-torch");
    expect(numericArgument("--runs", 7, given)).toBe(50);
    expect(textArgument("--slug", "nn-backprop", given)).toBe("zero-init");
    expect(listArgument("--stages", "10,500", given)).toEqual(["10", "50"]);
    expect(choiceArgument("--policy", ["BEST", "LAST"], "BEST", given)).toBe("LAST");
    expect(flagArgument("--no-torch", given)).toBe(true);
    const none = argv();
    expect([numericArgument("--runs", 7, none), textArgument("--slug", "nn-backprop", none), optionalTextArgument("--only", none)]).toEqual(
      [7, "nn-backprop", undefined],
    );
    expect(listArgument("--stages", "10,500", none)).toEqual(["10", "500"]);
    expect(flagArgument("--no-torch", none)).toBe(false);
  });

  it("accept a negative number as a value", () => {
    expect(numericArgument("--offset", 0, argv("--offset", "-5"))).toBe(-5);
  });

  it("stop on a value that is missing, not a number or not a choice, naming the option", () => {
    expect(() => numericArgument("--runs", 7, argv("--runs"))).toThrow("--runs needs a value (--runs <value>).");
    expect(() => textArgument("--slug", "x", argv("--slug", "--runs", "5"))).toThrow("--slug needs a value");
    expect(() => numericArgument("--runs", 7, argv("--runs", "fifty"))).toThrow('--runs must be a number, got "fifty".');
    expect(() => numericArgument("--runs", 7, argv("--runs", " "))).toThrow('--runs must be a number, got " ".');
    expect(() => choiceArgument("--policy", ["BEST", "LAST"], "BEST", argv("--policy", "best"))).toThrow(
      '--policy is "best"; use BEST or LAST.',
    );
  });
});
