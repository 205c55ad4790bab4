// The problem editor's live checks (app/components/author): pure functions
// that run in the browser, tested here beside the server's publishing,
// since they must agree with what publishing accepts.
import { readFileSync } from "node:fs";
import path from "node:path";
import { stringify } from "yaml";
import { validateProblem } from "@/grader/problems";
import { checkDocumentText, positionAt } from "@/app/components/author/document-diagnostics";
import { findJsonSyntaxError } from "@/app/components/author/json-syntax";
import { STARTER_DOCUMENT } from "@/app/components/author/starter-document";
import { asText, linearLayerDocument } from "./documents";

const tanhText = readFileSync(path.join(__dirname, "../../../grader/bank/examples/two-layer-tanh.json"), "utf8");

describe("the problem editor's live checks", () => {
  it("compiles the starter document, which passes validation on 50 seeds", () => {
    const check = checkDocumentText(STARTER_DOCUMENT, "yaml");
    expect(check.diagnostics).toEqual([]);
    expect(check.problem?.slug).toBe("linear-layer-gradient");
    expect(validateProblem(check.problem!, 50).failures).toEqual([]);
  });

  it("accepts partial credit on a matrix part and places a single choice's partial credit as an error at its field", () => {
    const document = JSON.parse(tanhText);
    document.parts[5].answer = { kind: "matrix", partialCredit: true };
    expect(checkDocumentText(JSON.stringify(document, null, 2), "json").diagnostics).toEqual([]);

    document.parts[4].answer = {
      kind: "choice",
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
      ],
      partialCredit: true,
    };
    const text = JSON.stringify(document, null, 2);
    const diagnostics = checkDocumentText(text, "json").diagnostics;
    expect(diagnostics.map(({ path, message }) => ({ path, message }))).toContainEqual({
      path: "parts[4].answer.partialCredit",
      message: "partial credit is per option, so it needs multiple: true",
    });
    const placed = diagnostics.find((diagnostic) => diagnostic.path === "parts[4].answer.partialCredit")!;
    expect(text.split("\n")[placed.line - 1]).toContain('"partialCredit": true');
  });

  it("places a JSON syntax error at its line and column, in any browser's wording", () => {
    const broken = tanhText.replace('"title": "Two-layer', '"title" "Two-layer');
    const [diagnostic] = checkDocumentText(broken, "json").diagnostics;
    const line = broken.split("\n").findIndex((text) => text.includes('"title" "Two-layer')) + 1;
    expect(diagnostic).toMatchObject({
      line,
      column: 11,
      code: "INVALID_SYNTAX",
      path: null,
      message: "Not valid JSON: expected ':' after the property name, found '\"'",
    });
  });

  it("names each JSON mistake where JSON.parse would fail", () => {
    for (const text of [
      '{"a": 1,}',
      "{'a': 1}",
      '{"a": [1 2]}',
      '{"a": "line\nbreak"}',
      '{"a": 1} x',
      '{"a": tru}',
      '{"a": "\\q"}',
      '{"a": 01}',
      "[",
      '{"a": -}',
    ]) {
      expect(() => JSON.parse(text)).toThrow();
      expect(findJsonSyntaxError(text)).not.toBeNull();
    }
    for (const text of ['{"a": [1, -2.5e3, true, null, "\\u00e9\\n"]}', " [] ", '"x"']) {
      expect(() => JSON.parse(text)).not.toThrow();
      expect(findJsonSyntaxError(text)).toBeNull();
    }
    expect(findJsonSyntaxError('{\n  "a": 1,\n}')).toEqual({ offset: 12, message: "a comma before } is not allowed in JSON" });
  });

  it("places a YAML syntax error at its line and column", () => {
    const text = "slug: a\ntitle: [unclosed\nstatement: x\n";
    const [diagnostic] = checkDocumentText(text, "yaml").diagnostics;
    expect(diagnostic.code).toBe("INVALID_SYNTAX");
    expect(diagnostic.message).toMatch(/^Not valid YAML: /);
    expect(diagnostic.line).toBeGreaterThanOrEqual(2);
  });

  it("places a compile error at the expression it names, by its document path", () => {
    const broken = tanhText.replace('"reference": "grad(L, W2)"', '"reference": "grad(L, W3)"');
    const [diagnostic] = checkDocumentText(broken, "json").diagnostics;
    const offset = broken.indexOf('"grad(L, W3)"');
    expect(diagnostic).toMatchObject({ path: "parts[1].reference", code: "INVALID_EXPRESSION", offset, ...positionAt(broken, offset) });
    expect(diagnostic.message).toMatch(/W3/);
  });

  it("places every schema error, a misspelt field at its key and a missing one at its object, in YAML too", () => {
    const document = linearLayerDocument("typo") as Record<string, unknown>;
    const parts = document.parts as Record<string, unknown>[];
    parts[0] = { ...parts[0], pointz: 2 };
    const { prompt: _prompt, ...withoutPrompt } = parts[1];
    parts[1] = withoutPrompt;
    const text = stringify(document);
    const diagnostics = checkDocumentText(text, "yaml").diagnostics;
    expect(diagnostics.map((d) => [d.path, d.line])).toEqual([
      ["parts[0]", text.split("\n").findIndex((line) => line.includes("pointz:")) + 1],
      ["parts[1].prompt", text.split("\n").findIndex((line) => line.includes("- id: b")) + 1],
    ]);
    expect(diagnostics[0].message).toMatch(/pointz/);
  });

  it("agrees with publishing: a document the editor passes compiles on the server, in both formats", () => {
    const document = linearLayerDocument("both-formats");
    expect(checkDocumentText(asText(document), "json").problem?.slug).toBe("both-formats");
    expect(checkDocumentText(stringify(document), "yaml").problem?.slug).toBe("both-formats");
  });
});
