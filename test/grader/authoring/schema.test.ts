import { readFileSync } from "node:fs";
import path from "node:path";
import {
  DocumentError,
  DocumentErrorCode,
  parseDocument,
  problemDocumentJsonSchemaText,
  PROBLEM_DOCUMENT_SCHEMA_FILE,
  type ProblemDocumentInput,
} from "@/grader/authoring";
import { cnnDocument, nnBackpropDocument } from "./documents";

function issuesOf(document: unknown): { code: DocumentErrorCode; issues: { path: readonly (string | number)[]; message: string }[] } {
  try {
    parseDocument(document);
  } catch (error) {
    if (error instanceof DocumentError) return { code: error.code, issues: error.issues.map(({ path, message }) => ({ path, message })) };
    throw error;
  }
  throw new Error("the document is valid");
}

const pathsOf = (document: unknown) => issuesOf(document).issues.map((issue) => issue.path);

// Loosely typed on purpose: the changes write misspelled and ill-typed fields.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type LooseDocument = Record<string, any>;

function changed(change: (document: LooseDocument) => void): unknown {
  const document = structuredClone(nnBackpropDocument()) as LooseDocument;
  change(document);
  return document;
}

describe("the problem document schema", () => {
  it("accepts the shared documents and fills in defaults", () => {
    const parsed = parseDocument(nnBackpropDocument());
    expect(parsed.version).toBe(1);
    expect(parsed.parts[0]).toMatchObject({ points: 3, hints: [], answer: { kind: "expression", layout: "auto", instances: 8, hide: [] } });
    expect(parseDocument(cnnDocument()).networks.cnn.layers).toHaveLength(8);
  });

  it("accepts a fixed dimension written as a number or as { value }", () => {
    const document = changed((doc) => (doc.dimensions = { d: 3, h: { value: 4 } }));
    expect(parseDocument(document).dimensions).toEqual({ d: 3, h: { value: 4 } });
  });

  it("names a missing required field", () => {
    expect(issuesOf(changed((doc) => delete doc.title))).toEqual({
      code: DocumentErrorCode.InvalidField,
      issues: [{ path: ["title"], message: expect.stringMatching(/expected string/) }],
    });
  });

  it("names a misspelt field instead of ignoring it", () => {
    const { issues } = issuesOf(changed((doc) => (doc.parts[1].refernce = "grad(y, W0)")));
    expect(issues[0]).toEqual({ path: ["parts", 1], message: 'Unrecognized key: "refernce"' });
  });

  it("names the field of a range that is wrong, inside the union of dimension forms", () => {
    expect(pathsOf(changed((doc) => (doc.dimensions.d = { min: 2, max: "5" })))).toEqual([["dimensions", "d", "max"]]);
    expect(issuesOf(changed((doc) => (doc.dimensions.d = { min: 5, max: 2 }))).issues).toEqual([
      { path: ["dimensions", "d", "max"], message: "max must be at least min" },
    ]);
    expect(issuesOf(changed((doc) => (doc.dimensions.d = { min: 2, max: 5, value: 3 }))).issues).toEqual([
      { path: ["dimensions", "d"], message: "give exactly one of value, min and max, or oneOf" },
    ]);
    expect(pathsOf(changed((doc) => (doc.dimensions.d = 1)))).toEqual([["dimensions", "d"]]);
  });

  it("names a bad distribution by its field", () => {
    expect(issuesOf(changed((doc) => (doc.variables.x.distribution = { kind: "uniform", low: 1, high: -1 }))).issues).toEqual([
      { path: ["variables", "x", "distribution", "high"], message: "high must be above low" },
    ]);
    expect(pathsOf(changed((doc) => (doc.variables.x.distribution = { kind: "poisson", rate: 1 })))).toEqual([
      ["variables", "x", "distribution", "kind"],
    ]);
    expect(pathsOf(changed((doc) => (doc.variables.x.round = 7)))).toEqual([["variables", "x", "round"]]);
  });

  it("names a bad answer kind and a bad option of a kind", () => {
    expect(pathsOf(changed((doc) => (doc.parts[0].answer = { kind: "formula" })))).toEqual([["parts", 0, "answer", "kind"]]);
    expect(pathsOf(changed((doc) => (doc.parts[1].answer = { kind: "matrix", rtol: -1 })))).toEqual([["parts", 1, "answer", "rtol"]]);
    expect(pathsOf(changed((doc) => (doc.parts[0].answer = { kind: "expression", limits: { maxCost: 1e12 } })))).toEqual([
      ["parts", 0, "answer"],
    ]);
  });

  it("takes a tolerance on number and matrix parts, and names what is wrong with a bad one", () => {
    const answerOf = (answer: unknown) => parseDocument(changed((doc) => (doc.parts[1].answer = answer))).parts[1].answer;
    expect(answerOf({ kind: "matrix", tolerance: { type: "decimals", digits: 4 } })).toMatchObject({
      tolerance: { type: "decimals", digits: 4 },
    });
    expect(answerOf({ kind: "number" })).toMatchObject({ tolerance: { type: "sigfigs", digits: 3 } });
    expect(pathsOf(changed((doc) => (doc.parts[1].answer = { kind: "matrix", tolerance: { type: "sigfigs", digits: 0 } })))).toEqual([
      ["parts", 1, "answer", "tolerance", "digits"],
    ]);
    expect(pathsOf(changed((doc) => (doc.parts[1].answer = { kind: "matrix", tolerance: { type: "percent" } })))).toEqual([
      ["parts", 1, "answer", "tolerance", "type"],
    ]);
    expect(
      issuesOf(changed((doc) => (doc.parts[1].answer = { kind: "matrix", tolerance: { type: "sigfigs", digits: 3 }, rtol: 0.01 }))).issues,
    ).toEqual([{ path: ["parts", 1, "answer", "tolerance"], message: "give either tolerance or the older rtol/atol, not both" }]);
    expect(pathsOf(changed((doc) => (doc.parts[1].answer = { kind: "integer", tolerance: { type: "sigfigs", digits: 3 } })))).toEqual([
      ["parts", 1, "answer"],
    ]);
  });

  it("takes partial credit on a matrix and a multiple choice, off by default, and names what is wrong with a bad one", () => {
    const answerOf = (answer: unknown) => parseDocument(changed((doc) => (doc.parts[1].answer = answer))).parts[1].answer;
    const options = [
      { id: "a", text: "A" },
      { id: "b", text: "B" },
    ];
    expect(answerOf({ kind: "matrix" })).toMatchObject({ partialCredit: false });
    expect(answerOf({ kind: "matrix", partialCredit: true })).toMatchObject({ partialCredit: true });
    expect(answerOf({ kind: "choice", options, multiple: true, partialCredit: true })).toMatchObject({ partialCredit: true });
    expect(pathsOf(changed((doc) => (doc.parts[1].answer = { kind: "matrix", partialCredit: "per-entry" })))).toEqual([
      ["parts", 1, "answer", "partialCredit"],
    ]);
    expect(issuesOf(changed((doc) => (doc.parts[1].answer = { kind: "choice", options, partialCredit: true }))).issues).toEqual([
      { path: ["parts", 1, "answer", "partialCredit"], message: "partial credit is per option, so it needs multiple: true" },
    ]);
  });

  it("names invalid names, and refuses names that Object.prototype has", () => {
    expect(issuesOf(changed((doc) => (doc.variables["2x"] = { shape: [] }))).issues).toEqual([
      { path: ["variables", "2x"], message: expect.stringMatching(/^invalid name: a name is a letter/) },
    ]);
    expect(issuesOf(changed((doc) => (doc.definitions.constructor = "W1"))).issues).toEqual([
      { path: ["definitions", "constructor"], message: "invalid name: this name is reserved" },
    ]);
  });

  it("lists every issue, not only the first", () => {
    const document = changed((doc) => {
      doc.slug = "Not A Slug";
      doc.parts[0].points = 0;
      doc.variables.x.shape = ["d", 1, 1];
    });
    expect(pathsOf(document)).toEqual([["slug"], ["variables", "x", "shape"], ["parts", 0, "points"]]);
  });

  it("bounds the number of parts and variables", () => {
    const many = changed((doc) => (doc.parts = Array.from({ length: 51 }, (_, i) => ({ ...doc.parts[1], id: `p${i}` }))));
    expect(issuesOf(many)).toEqual({
      code: DocumentErrorCode.TooLarge,
      issues: [{ path: ["parts"], message: expect.stringMatching(/<=50/) }],
    });
    const variables = changed(
      (doc) => (doc.variables = Object.fromEntries(Array.from({ length: 33 }, (_, i) => [`v${i}`, { shape: [] }]))),
    );
    expect(pathsOf(variables)).toEqual([["variables"]]);
  });
});

describe("the committed JSON Schema", () => {
  it("is the one the zod schema generates (run scripts/problems/write-schema.ts after changing it)", () => {
    const committed = readFileSync(path.join(__dirname, "..", "..", "..", PROBLEM_DOCUMENT_SCHEMA_FILE), "utf8");
    expect(committed).toBe(problemDocumentJsonSchemaText());
  });

  it("describes the document's top-level fields and what is required", () => {
    const schema = JSON.parse(problemDocumentJsonSchemaText());
    expect(schema.required).toEqual(["slug", "title", "statement", "parts"]);
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(["dimensions", "constraints", "variables", "definitions", "networks", "handout", "parts"]),
    );
    expect(schema.additionalProperties).toBe(false);
  });
});

// The shared documents are valid documents as far as TypeScript is concerned, too.
const _typed: ProblemDocumentInput[] = [nnBackpropDocument(), cnnDocument()];
void _typed;
