import fc from "fast-check";
import {
  compileDocument,
  DocumentError,
  DocumentErrorCode,
  DOCUMENT_LIMITS,
  importDocument,
  type ProblemDocumentInput,
} from "@/grader/authoring";
import { buildVariant } from "@/grader/problems";
import { documentErrorOf } from "./documents";

/**
 * A document is untrusted input: nothing in it may run code, reach a
 * prototype, or make the server do unbounded work. Each test hands the
 * compiler something hostile and checks both the typed refusal and that
 * nothing global changed.
 */
function small(overrides: Partial<ProblemDocumentInput> = {}): ProblemDocumentInput {
  return {
    slug: "small",
    title: "Small",
    statement: "Add {{a}} and {{b}}.",
    variables: {
      a: { shape: [], distribution: { kind: "integers", min: 1, max: 9 } },
      b: { shape: [], distribution: { kind: "integers", min: 1, max: 9 } },
    },
    parts: [{ id: "sum", prompt: "The sum.", answer: { kind: "integer" }, reference: "a + b" }],
    ...overrides,
  };
}

afterEach(() => {
  // No test may leave anything on Object.prototype.
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
});

describe("a document cannot run code or reach prototypes", () => {
  it("refuses a __proto__ key in JSON and in YAML, at its path, without polluting anything", () => {
    const json = documentErrorOf(() => importDocument('{"slug": "x", "variables": {"__proto__": {"polluted": true}}}', "json"));
    expect([json.code, json.path]).toEqual([DocumentErrorCode.InvalidField, ["variables", "__proto__"]]);
    const yaml = documentErrorOf(() => importDocument("slug: x\n__proto__:\n  polluted: true\n", "yaml"));
    expect([yaml.code, yaml.path]).toEqual([DocumentErrorCode.InvalidField, ["__proto__"]]);
  });

  it("refuses an unpaired surrogate escape in a value or a key, in JSON and in YAML, at its path", () => {
    const title = documentErrorOf(() => importDocument('{"slug": "x", "title": "\\ud800"}', "json"));
    expect([title.code, title.path]).toEqual([DocumentErrorCode.InvalidField, ["title"]]);
    expect(title.message).toMatch(/unpaired UTF-16 surrogate/);
    const key = documentErrorOf(() => importDocument('{"slug": "x", "variables": {"\\udc00": {}}}', "json"));
    expect([key.code, key.path]).toEqual([DocumentErrorCode.InvalidField, ["variables", "\ufffd"]]);
    const yaml = documentErrorOf(() => importDocument('slug: x\ntitle: "a\\ud800"\n', "yaml"));
    expect([yaml.code, yaml.path]).toEqual([DocumentErrorCode.InvalidField, ["title"]]);
  });

  it("refuses a NUL escape in a value, in JSON and in YAML, at its path: PostgreSQL could not store it", () => {
    for (const [text, format] of [
      ['{"slug": "x", "title": "a\\u0000b"}', "json"],
      ['slug: x\ntitle: "a\\0b"\n', "yaml"],
    ] as const) {
      const error = documentErrorOf(() => importDocument(text, format));
      expect([error.code, error.path, format]).toEqual([DocumentErrorCode.InvalidField, ["title"], format]);
      expect(error.message).toMatch(/NUL character/);
    }
  });

  it("treats {{constructor.constructor}} and {{constructor}} as placeholders it does not know", () => {
    const chained = documentErrorOf(() => compileDocument(small({ statement: "{{constructor.constructor}}('return process')()" })));
    expect([chained.code, chained.path]).toEqual([DocumentErrorCode.InvalidField, ["statement"]]);
    for (const name of ["constructor", "toString", "__proto__", "hasOwnProperty"]) {
      const error = documentErrorOf(() => compileDocument(small({ statement: `{{${name}}}` })));
      expect(error.path).toEqual(["statement"]);
      expect(error.code).toBe(name === "__proto__" ? DocumentErrorCode.InvalidField : DocumentErrorCode.UnknownName);
    }
  });

  it("refuses calls of anything but the language's functions in references", () => {
    for (const reference of ["constructor(a)", "eval(a)", "a.constructor", "process.exit(1)", "require(a)"]) {
      const error = documentErrorOf(() =>
        compileDocument(small({ parts: [{ id: "sum", prompt: "", answer: { kind: "integer" }, reference }] })),
      );
      expect(error.path).toEqual(["parts", 0, "reference"]);
      expect([DocumentErrorCode.InvalidExpression, DocumentErrorCode.UnknownName]).toContain(error.code);
    }
  });

  it("copies statement text that looks like code or markup as text: rendering only fills placeholders", () => {
    const statement = "${process.exit(1)} `rm -rf /` <script>alert(1)</script> {{a}} {{ b | numpy }} {notAPlaceholder}";
    const variant = buildVariant(compileDocument(small({ statement })), 3);
    const { a, b } = (variant.params as { variables: Record<string, number[][]> }).variables;
    expect(variant.public.statement).toBe(
      `\${process.exit(1)} \`rm -rf /\` <script>alert(1)</script> ${a[0][0]} ${b[0][0]} {notAPlaceholder}`,
    );
  });

  it("never throws anything but a DocumentError for arbitrary JSON (property)", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        try {
          compileDocument(value);
        } catch (error) {
          expect(error).toBeInstanceOf(DocumentError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("never throws anything but a DocumentError for mutated valid documents (property)", () => {
    const keys = ["statement", "reference", "prompt", "shape", "dimensions", "min", "max", "kind", "id", "variables", "parts"];
    const junk = fc.oneof(
      fc.string({ maxLength: 20 }),
      fc.integer({ min: -5, max: 5000 }),
      fc.constant(null),
      fc.constantFrom("{{a}}", "{{x.1}}", "grad(a, a)", "a @ b", "__proto__", "constructor"),
    );
    fc.assert(
      fc.property(fc.constantFrom(...keys), junk, (key, value) => {
        const document = JSON.parse(JSON.stringify(small())) as Record<string, unknown>;
        const replace = (node: unknown): void => {
          if (Array.isArray(node)) node.forEach(replace);
          else if (node && typeof node === "object") {
            const record = node as Record<string, unknown>;
            for (const k of Object.keys(record)) {
              if (k === key) record[k] = value;
              else replace(record[k]);
            }
          }
        };
        replace(document);
        try {
          const problem = compileDocument(document);
          buildVariant(problem, 1);
        } catch (error) {
          expect(error).toBeInstanceOf(DocumentError);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("a document cannot make the server do unbounded work", () => {
  it("refuses text longer than the cap before parsing it", () => {
    const error = documentErrorOf(() => importDocument(" ".repeat(DOCUMENT_LIMITS.maxTextLength + 1)));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.TooLarge, []]);
  });

  it("refuses a YAML alias bomb", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(", ")}]`,
      );
    expect(documentErrorOf(() => importDocument(levels.join("\n"), "yaml")).code).toBe(DocumentErrorCode.InvalidSyntax);
  });

  it("refuses nesting deeper than any document needs", () => {
    const deep = `{"slug": "x", "handout": ${"[".repeat(40)}${"]".repeat(40)}}`;
    expect(documentErrorOf(() => importDocument(deep, "json")).code).toBe(DocumentErrorCode.TooLarge);
  });

  it("refuses expressions beyond grader/expr's length cap and references too costly at the largest sizes", () => {
    const long = documentErrorOf(() =>
      compileDocument(
        small({ parts: [{ id: "sum", prompt: "", answer: { kind: "integer" }, reference: Array(200).fill("a").join(" + ") }] }),
      ),
    );
    expect([long.code, long.path]).toEqual([DocumentErrorCode.TooLarge, ["parts", 0, "reference"]]);
    const costly = documentErrorOf(() =>
      compileDocument({
        ...small(),
        statement: "",
        dimensions: { n: { min: 2, max: 4096 } },
        variables: { v: { shape: ["n"] } },
        parts: [{ id: "big", prompt: "", answer: { kind: "number" }, reference: "sum(outer(v, v) @ outer(v, v))" }],
      }),
    );
    expect([costly.code, costly.path]).toEqual([DocumentErrorCode.TooLarge, ["parts", 0, "reference"]]);
  });

  it("refuses a variable that could be drawn with more entries than the cap", () => {
    const error = documentErrorOf(() =>
      compileDocument({
        ...small(),
        statement: "",
        dimensions: { n: { min: 2, max: 200 } },
        variables: { A: { shape: ["n", "n"] } },
        parts: [{ id: "t", prompt: "", answer: { kind: "number" }, reference: "trace(A)" }],
      }),
    );
    expect([error.code, error.path]).toEqual([DocumentErrorCode.TooLarge, ["variables", "A", "shape"]]);
  });

  it("reports constraints that no draw satisfies instead of looping", () => {
    const problem = compileDocument({
      ...small(),
      dimensions: { m: 3, n: 3 },
      constraints: [{ kind: "distinct", dimensions: ["m", "n"] }],
    });
    const error = documentErrorOf(() => buildVariant(problem, 1));
    expect([error.code, error.path]).toEqual([DocumentErrorCode.Unsatisfiable, ["constraints", 0]]);
  });
});
