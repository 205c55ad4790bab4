import fc from "fast-check";
import { appOrigin, safeReturnPath } from "@/lib/auth/safe-return-path";

const ORIGIN = "https://chainrule.example:8443";

/** Pieces attackers combine: separators, control characters, encodings, schemes and hosts. */
const hostilePiece = fc.constantFrom(
  "/",
  "//",
  "\\",
  "\t",
  "\n",
  "\r",
  "\u0000",
  " ",
  "\u007f",
  "%09",
  "%0a",
  "%0d",
  "%00",
  "%2f",
  "%2F",
  "%5c",
  "%5C",
  "%2e",
  ".",
  "..",
  "%",
  "%E0%A4%A",
  "%zz",
  ":",
  "@",
  "?",
  "#",
  "evil.example",
  "chainrule.example",
  "http:",
  "https:",
  "javascript:",
  "data:",
  "//evil.example",
  "courses",
  "\u3000",
  "\ufeff",
  "\u2028",
  "ｅｖｉｌ",
  "[",
  "]",
);
const hostileString = fc.oneof(
  fc.array(hostilePiece, { maxLength: 8 }).map((pieces) => pieces.join("")),
  fc.string({ unit: "binary", maxLength: 30 }),
);

describe("safeReturnPath", () => {
  it("turns any string into a path of this site that every reader takes the same way, and never throws", () => {
    fc.assert(
      fc.property(hostileString, (candidate) => {
        const path = safeReturnPath(candidate, ORIGIN);
        expect(path.startsWith("/")).toBe(true);
        expect(path.startsWith("//")).toBe(false);
        // eslint-disable-next-line no-control-regex -- matching control characters is the point
        expect(path).not.toMatch(/[\u0000-\u0020\u007f\\]/);
        // Relative to any base it stays on that base: it names no host of its own.
        expect(new URL(path, ORIGIN).origin).toBe(ORIGIN);
        expect(new URL(path, "http://elsewhere.test").origin).toBe("http://elsewhere.test");
        expect(safeReturnPath(path, ORIGIN)).toBe(path);
      }),
      { numRuns: 5_000 },
    );
  });

  it.each([
    ["/courses", "/courses"],
    ["/gradebook?course=ml&sort=name#top", "/gradebook?course=ml&sort=name#top"],
    ["/author/problems/abc%20def", "/author/problems/abc%20def"],
    [`${ORIGIN}/courses?x=1`, "/courses?x=1"],
  ])("keeps %s as %s", (candidate, kept) => {
    expect(safeReturnPath(candidate, ORIGIN)).toBe(kept);
  });

  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "/\u0000",
    "//evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/.//evil.example",
    "/%2e//evil.example",
    "/%2F%2Fevil.example",
    "/%09/evil.example",
    "/%5Cevil.example",
    " /courses",
    "https://evil.example/",
    "https://chainrule.example/courses",
    "https:evil.example",
    "javascript:alert(1)",
    "courses",
    "/%E0%A4%A",
    "http://[",
    "",
  ])("refuses %j", (candidate) => {
    expect(safeReturnPath(candidate, ORIGIN)).toBe("/");
  });

  it("refuses what is not one string (a repeated query parameter, none at all)", () => {
    expect(safeReturnPath(["/courses", "/gradebook"], ORIGIN)).toBe("/");
    expect(safeReturnPath(undefined, ORIGIN)).toBe("/");
    expect(safeReturnPath(null)).toBe("/");
  });

  it("without the app's origin, keeps paths and refuses every absolute URL", () => {
    expect(safeReturnPath("/courses")).toBe("/courses");
    expect(safeReturnPath(`${ORIGIN}/courses`)).toBe("/");
    expect(safeReturnPath("/courses", "not a url")).toBe("/");
  });

  it("reads the app's origin from NEXTAUTH_URL, if it is a URL", () => {
    expect(appOrigin("https://chainrule.example:8443/some/path")).toBe(ORIGIN);
    expect(appOrigin(undefined)).toBeUndefined();
    expect(appOrigin("::")).toBeUndefined();
  });
});
