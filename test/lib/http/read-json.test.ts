import fc from "fast-check";
import { z } from "zod";
import { jsonDepthExceeds, MAX_JSON_DEPTH, parseJsonBody, readJson } from "@/lib/http/read-json";
import { submissionBodySchema } from "@/lib/submissions/requests";

const jsonRequest = (body: string) =>
  new Request("http://app.test/api", { method: "POST", headers: { "content-type": "application/json" }, body });

/** Nesting depth of a parsed value, by recursion (the values here are shallow). */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== "object") return 0;
  const children = Object.values(value as object);
  return 1 + Math.max(0, ...children.map(depthOf));
}

const nestedArray = (depth: number) => `${"[".repeat(depth)}1${"]".repeat(depth)}`;

describe("the JSON depth scan", () => {
  it("agrees with the parsed value's depth for any JSON, strings with brackets and escapes included", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), fc.integer({ min: 0, max: 8 }), (value, max) => {
        expect(jsonDepthExceeds(JSON.stringify(value), max)).toBe(depthOf(value) > max);
      }),
      { numRuns: 500 },
    );
  });

  it("does not count brackets inside strings, after escaped quotes and backslashes", () => {
    expect(jsonDepthExceeds(JSON.stringify({ a: "[[[[{{{{", b: '\\"[[[[', c: "\\\\" }), 1)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify(["\\", [[1]]]), 2)).toBe(true);
  });
});

describe("readJson", () => {
  it(`accepts a body nested ${MAX_JSON_DEPTH} levels deep and refuses one level more, naming the limit`, async () => {
    const body = (arrays: number) => `{"answers":{"a":${nestedArray(arrays)}}}`;
    await expect(readJson(jsonRequest(body(MAX_JSON_DEPTH - 2)), z.unknown())).resolves.toBeDefined();
    await expect(readJson(jsonRequest(body(MAX_JSON_DEPTH - 1)), z.unknown())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `The request body is nested more than ${MAX_JSON_DEPTH} levels deep; send answers as flat lists or matrices.`,
    });
  });

  it("refuses an answer nested 5,000 and 100,000 deep with INVALID_INPUT, not a stack overflow", async () => {
    for (const depth of [5_000, 100_000]) {
      await expect(readJson(jsonRequest(`{"answers":{"a":${nestedArray(depth)}}}`), submissionBodySchema)).rejects.toMatchObject({
        code: "INVALID_INPUT",
      });
    }
  });

  it("takes a tensor answer of 8 dimensions, the deepest the grader reads", async () => {
    const body = { answers: { "a.t": JSON.parse(nestedArray(8)) } };
    await expect(readJson(jsonRequest(JSON.stringify(body)), submissionBodySchema)).resolves.toEqual(body);
  });

  it.each([
    ['{"answers":{"__proto__":[1]}}', '"__proto__" in answers'],
    ['{"answers":{"\\u005f_proto__":[1]}}', '"__proto__" in answers'],
    ['{"__proto__":{"isAdmin":true},"answers":{}}', '"__proto__" at the top level'],
    ['{"answers":{"a":"1","constructor":{"prototype":{}}}}', '"constructor" in answers'],
    ['{"answers":{"a":[{"prototype":1}]}}', '"prototype" in answers.a.0'],
  ])("refuses %s, naming %s", async (body, named) => {
    await expect(readJson(jsonRequest(body), z.unknown())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining(`has the key ${named}; keys named __proto__, constructor or prototype are not accepted: remove it.`),
    });
  });

  it("accepts the forbidden words as values, and ordinary keys", async () => {
    const body = { answers: { "a.word": "__proto__", "b.word": ["constructor", "prototype"] } };
    await expect(readJson(jsonRequest(JSON.stringify(body)), submissionBodySchema)).resolves.toEqual(body);
  });

  it.each([
    ['{"studentId":"\\ud800x","score":0.5}', 'The field "studentId"'],
    ['{"settings":{"title":"ok","description":"a\\udc00b"}}', 'The field "settings.description"'],
    ['{"answers":{"a":["1","\\udbff"]}}', 'The field "answers.a.1"'],
    ['{"answers":{"\\ud800":"1"}}', 'A key in "answers"'],
    ['"\\ud800"', "The body"],
  ])("refuses %s, a string with an unpaired surrogate, naming %s", async (body, named) => {
    await expect(readJson(jsonRequest(body), z.unknown())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringMatching(
        new RegExp(`^${named.replace(/[.]/g, "\\.")} holds an unpaired UTF-16 surrogate .*; send the characters themselves`),
      ),
    });
  });

  it.each([
    ['{"comment":"a\\u0000b"}', 'The field "comment"'],
    ['{"answers":{"a\\u0000":"1"}}', 'A key in "answers"'],
  ])("refuses %s, a NUL that PostgreSQL cannot keep, naming %s, on either database", async (body, named) => {
    await expect(readJson(jsonRequest(body), z.unknown())).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: `${named} holds a NUL character (\\u0000), which the database cannot keep; remove it and send again.`,
    });
  });

  it("accepts surrogate pairs, escaped or not, and text that only looks like an escape", async () => {
    const body = '{"answers":{"a":"\\ud83d\\ude00","b":"😀","c":"\\\\ud800","d":"\\uD7FF\\uE000"}}';
    await expect(readJson(jsonRequest(body), z.unknown())).resolves.toEqual({
      answers: { a: "😀", b: "😀", c: "\\ud800", d: "\uD7FF\uE000" },
    });
  });

  it("finds an unpaired surrogate in any JSON value that holds one, and in none that does not", () => {
    const lone = fc.constantFrom("\ud800", "\udbff", "\udc00", "\udfff");
    // Keys readJson refuses for their own reason (the prototype's names) are left out here.
    const values = fc.jsonValue({ maxDepth: 4 }).filter((value) => !/"(?:__proto__|constructor|prototype)":/.test(JSON.stringify(value)));
    fc.assert(
      fc.property(values, lone, fc.string(), (value, surrogate, before) => {
        const clean = JSON.stringify(value);
        expect(() => parseJsonBody(clean)).not.toThrow();
        const tainted = JSON.stringify({ value, text: before + surrogate });
        expect(() => parseJsonBody(tainted)).toThrow(/The field "text" holds an unpaired UTF-16 surrogate/);
      }),
      { numRuns: 300 },
    );
  });
});
