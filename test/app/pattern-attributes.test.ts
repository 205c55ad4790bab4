import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

// An <input pattern> is compiled by the browser as /^(?:pattern)$/v (HTML's
// rule since Chromium 112). A pattern that is valid without the v flag but
// not with it, such as "[a-z-]", makes Chromium log an error on every load
// and skip the check (issue 25). Every pattern attribute in app/ must be a
// string literal, so that this test can read and compile it.

const APP_DIR = path.join(__dirname, "..", "..", "app");

function tsxFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return tsxFiles(full);
    return entry.name.endsWith(".tsx") ? [full] : [];
  });
}

const attributes = tsxFiles(APP_DIR).flatMap((file) =>
  [...readFileSync(file, "utf8").matchAll(/\bpattern=(?:"([^"]*)"|\{)/g)].map((match) => ({
    where: path.relative(APP_DIR, file),
    pattern: match[1] as string | undefined,
  })),
);

describe("pattern attributes in app/", () => {
  it("finds the assessment slug's pattern, so the walk reaches the forms", () => {
    expect(attributes.map((a) => a.where)).toContain(path.join("(staff)", "author", "assessments", "assessment-form.tsx"));
  });

  it("writes every pattern as a string literal", () => {
    expect(attributes.filter((a) => a.pattern === undefined).map((a) => a.where)).toEqual([]);
  });

  it.each(attributes.filter((a) => a.pattern !== undefined))(
    "$where: $pattern compiles with the v flag, as browsers compile it",
    ({ pattern }) => {
      expect(() => new RegExp(`^(?:${pattern})$`, "v")).not.toThrow();
    },
  );

  it("accepts the slugs the slug pattern is for, and refuses the others", () => {
    const slug = attributes.find((a) => a.where.endsWith("assessment-form.tsx"))!.pattern!;
    const matches = (value: string) => new RegExp(`^(?:${slug})$`, "v").test(value);
    expect(["section-07", "quiz2", "a"].map(matches)).toEqual([true, true, true]);
    expect(["-leading", "Upper", "with space", ""].map(matches)).toEqual([false, false, false, false]);
  });
});
