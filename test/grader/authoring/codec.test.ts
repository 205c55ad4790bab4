import fc from "fast-check";
import {
  canonicalDocument,
  compileDocument,
  DocumentErrorCode,
  exportDocument,
  importDocument,
  type ProblemDocumentInput,
} from "@/grader/authoring";
import { readFileSync } from "node:fs";
import path from "node:path";
import { buildVariant } from "@/grader/problems";
import { cnnDocument, documentErrorOf, nnBackpropDocument } from "./documents";

const EXAMPLE = path.join(__dirname, "..", "..", "..", "grader", "bank", "examples", "two-layer-tanh.json");

describe("exporting and importing documents", () => {
  it.each(["json", "yaml"] as const)("round-trips the shared documents through %s, and export is a fixed point", (format) => {
    for (const document of [nnBackpropDocument(), cnnDocument()]) {
      const text = exportDocument(document, format);
      const imported = importDocument(text, format);
      expect(imported).toEqual(canonicalDocument(document));
      expect(exportDocument(imported, format)).toBe(text);
    }
  });

  it("writes pretty JSON with the document's fields in a fixed order and a final newline", () => {
    const shuffled = Object.fromEntries(Object.entries(nnBackpropDocument()).reverse()) as ProblemDocumentInput;
    const text = exportDocument(shuffled);
    expect(text).toBe(exportDocument(nnBackpropDocument()));
    expect(Object.keys(JSON.parse(text))).toEqual([
      "slug",
      "title",
      "statement",
      "dimensions",
      "constraints",
      "variables",
      "definitions",
      "parts",
    ]);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "slug": "nn-backprop-document",');
  });

  it("keeps the bank's example in its exported form, so the committed file needs no reformatting to diff", () => {
    const text = readFileSync(EXAMPLE, "utf8");
    expect(JSON.parse(exportDocument(importDocument(text)))).toEqual(JSON.parse(text));
  });

  it("gives the same variants from a document read back from YAML", () => {
    const document = importDocument(exportDocument(cnnDocument(), "yaml"), "yaml");
    for (const seed of [0, 5])
      expect(JSON.stringify(buildVariant(compileDocument(document), seed))).toBe(
        JSON.stringify(buildVariant(compileDocument(cnnDocument()), seed)),
      );
  });

  it("writes a multi-line statement as a YAML block", () => {
    expect(exportDocument(cnnDocument(), "yaml")).toContain(
      "statement: |-\n  The input has shape {{cnn.input}}; the layers are\n\n  {{cnn}}\n",
    );
  });

  it("reports text that is not JSON or YAML as a syntax error, and a valid text that is not a document by its path", () => {
    expect(documentErrorOf(() => importDocument("{ not json", "json")).code).toBe(DocumentErrorCode.InvalidSyntax);
    expect(documentErrorOf(() => importDocument("a: [1, 2", "yaml")).code).toBe(DocumentErrorCode.InvalidSyntax);
    expect(documentErrorOf(() => importDocument("a: 1\na: 2", "yaml")).code).toBe(DocumentErrorCode.InvalidSyntax);
    const notADocument = documentErrorOf(() => importDocument('{"slug": "x"}'));
    expect([notADocument.code, notADocument.path]).toEqual([DocumentErrorCode.InvalidField, ["title"]]);
  });

  it("round-trips any statement, title and dimension ranges through JSON and YAML (property)", () => {
    const base = nnBackpropDocument();
    const documents = fc.record({
      title: fc.string({ minLength: 1, maxLength: 60, unit: "grapheme" }),
      statement: fc.string({ maxLength: 300, unit: "grapheme" }),
      version: fc.integer({ min: 1, max: 1000 }),
      d: fc.integer({ min: 2, max: 50 }),
      h: fc.integer({ min: 2, max: 50 }),
      // -0 included: the canonical form writes it as 0 in both formats.
      mean: fc.oneof(fc.constant(-0), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
      std: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    });
    fc.assert(
      fc.property(
        documents,
        fc.constantFrom("json" as const, "yaml" as const),
        ({ title, statement, version, d, h, mean, std }, format) => {
          const document: ProblemDocumentInput = {
            ...base,
            title,
            statement,
            version,
            dimensions: { d: { min: Math.min(d, h), max: Math.max(d, h) }, h: { value: h } },
            variables: { ...base.variables, x: { shape: ["d", 1], distribution: { kind: "normal", mean, std } } },
          };
          const text = exportDocument(document, format);
          const imported = importDocument(text, format);
          expect(imported).toEqual(canonicalDocument(document));
          expect(exportDocument(imported, format)).toBe(text);
        },
      ),
      { numRuns: 150 },
    );
  });
});
