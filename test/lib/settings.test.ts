import fc from "fast-check";
import { acceptsWholeNumber, readWholeNumberSetting, SETTINGS, wholeNumberRequirement, type WholeNumberSetting } from "@/lib/settings";

// Every whole-number setting in the environment is read by one rule: unset
// or blank is the default, digits in range are taken, anything else stops
// with a message naming the variable, what it means and the value given.

const workers: WholeNumberSetting = { name: "X_WORKERS", min: 1, max: 8, meaning: "the number of workers", fallback: 2 };
const read = (value: string | undefined) => readWholeNumberSetting(workers, { X_WORKERS: value });

describe("reading a whole-number setting", () => {
  it("gives the default when the variable is unset, empty or only spaces", () => {
    expect(readWholeNumberSetting(workers, {})).toBe(2);
    expect(read("")).toBe(2);
    expect(read("   ")).toBe(2);
  });

  it("takes digits in range, with spaces around them", () => {
    expect(read("1")).toBe(1);
    expect(read(" 8 ")).toBe(8);
    expect(read("007")).toBe(7);
  });

  it.each(["0", "9", "-1", "1.5", "2.0", "0x4", "1e0", "+3", "three", "4 workers"])(
    "refuses %j, naming the variable, its meaning and the value",
    (value) => {
      expect(() => read(value)).toThrow(`X_WORKERS must be the number of workers: a whole number from 1 to 8, not "${value}".`);
    },
  );

  it("says 'from N up' for a setting with no upper bound", () => {
    expect(wholeNumberRequirement(SETTINGS.submissionsPerMinute)).toBe(
      "must be a limit (submissions per student per minute): a whole number from 1 up",
    );
  });

  it("takes exactly the values the start-up check accepts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.nat({ max: 20 }).map(String)), (value) => {
        const accepted = acceptsWholeNumber(workers, value);
        if (accepted) expect(() => read(value)).not.toThrow();
        else expect(() => read(value)).toThrow(/^X_WORKERS must be/);
      }),
    );
  });
});

describe("the settings table", () => {
  const settings = Object.values(SETTINGS) as WholeNumberSetting[];

  it("names each variable once, and each default is a value the setting accepts", () => {
    expect(new Set(settings.map((setting) => setting.name)).size).toBe(settings.length);
    for (const setting of settings) {
      expect(setting.name).toMatch(/^CHAINRULE_[A-Z_]+$/);
      expect(acceptsWholeNumber(setting, String(setting.fallback))).toBe(true);
    }
  });
});
