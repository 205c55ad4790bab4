import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

// The instructors' command line on problem documents (--file), run as a user runs it.

const ROOT = path.resolve(__dirname, "..", "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");
const EXAMPLE = path.join("grader", "bank", "examples", "two-layer-tanh.json");

function problems(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(TSX, [path.join("scripts", "problems", "cli.ts"), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? "");
  });
}

const scratch = mkdtempSync(path.join(os.tmpdir(), "chainrule-documents-"));
function writeDocument(name: string, document: unknown): string {
  const file = path.join(scratch, name);
  writeFileSync(file, typeof document === "string" ? document : JSON.stringify(document));
  return file;
}

/** Right only for even n: validation must name the seeds with an odd n. */
const brokenDocument = {
  slug: "half-count",
  title: "Pairs",
  statement: "How many pairs do {{n}} units make?",
  dimensions: { n: { min: 2, max: 9 } },
  parts: [{ id: "pairs", prompt: "The number of pairs.", answer: { kind: "integer" }, reference: "n / 2" }],
};

jest.setTimeout(60_000);

describe("npm run problems -- … --file", () => {
  it("previews a document's variant for a seed, with its references", async () => {
    const { code, stdout } = await problems(["preview", "--file", EXAMPLE, "--seed", "3", "--json"]);
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview).toMatchObject({ slug: "two-layer-tanh", seed: 3, version: 1 });
    const dW1 = preview.parts.find((part: { id: string }) => part.id === "e.dW1");
    expect(dW1.kind).toBe("matrix");
    expect(dW1.reference).toHaveLength(preview.params.h);
    expect(dW1.reference[0]).toHaveLength(preview.params.d);
  });

  it("grades answers to a document from stdin", async () => {
    const { code, stdout } = await problems(
      ["grade", "--file", EXAMPLE, "--seed", "0", "--json"],
      JSON.stringify({ "c.dW1": "((y - t) * W2.T * (1 - z ** 2)) @ x.T", "b.dW2": "z.T" }),
    );
    expect(code).toBe(0);
    const byId = Object.fromEntries(JSON.parse(stdout).parts.map((part: { id: string }) => [part.id, part]));
    expect(byId["c.dW1"].score).toBe(1);
    expect(byId["b.dW2"]).toMatchObject({ score: 0, feedback: expect.stringMatching(/∂L\/∂y = y − t/) });
  });

  it("validates a sound document (JSON or YAML) and exits 0", async () => {
    const yaml = await problems(["export", "--file", EXAMPLE, "--format", "yaml"]);
    expect(yaml.code).toBe(0);
    const yamlFile = writeDocument("two-layer-tanh.yaml", yaml.stdout);
    const { code, stdout } = await problems(["validate", "--file", EXAMPLE, "--file", yamlFile, "--seeds", "10"]);
    expect(code).toBe(0);
    expect(stdout.trim().split("\n")).toEqual([
      expect.stringMatching(/^ok {3}two-layer-tanh: 10 seeds/),
      expect.stringMatching(/^ok {3}two-layer-tanh: 10 seeds/),
    ]);
  });

  it("reports a deliberately broken document's failing seeds and exits 1", async () => {
    const file = writeDocument("half-count.json", brokenDocument);
    const { code, stdout } = await problems(["validate", "--file", file, "--seeds", "20", "--json"]);
    expect(code).toBe(1);
    const { ok, reports } = JSON.parse(stdout);
    expect(ok).toBe(false);
    expect(reports[0].failures.length).toBeGreaterThan(0);
    for (const failure of reports[0].failures) {
      expect(failure).toEqual({
        slug: "half-count",
        seed: expect.any(Number),
        message: expect.stringMatching(/parts\[0\]\.reference: is \d\.5 on this variant, not a whole number/),
      });
    }
  });

  it("prints every issue of a document that does not compile, with its path, and exits 2", async () => {
    const file = writeDocument("bad.json", { ...brokenDocument, slug: "Bad Slug", parts: [{ ...brokenDocument.parts[0], points: -1 }] });
    const { code, stderr } = await problems(["validate", "--file", file]);
    expect(code).toBe(2);
    expect(stderr).toContain(`problems: ${file} is not a valid problem document (INVALID_FIELD):`);
    expect(stderr).toContain("  slug: a slug is lowercase letters");
    expect(stderr).toContain("  parts[0].points: ");
  });

  it("exports a document in its stable form, which is the committed example's", async () => {
    const { code, stdout } = await problems(["export", "--file", EXAMPLE]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual(JSON.parse(readFileSync(path.join(ROOT, EXAMPLE), "utf8")));
  });

  it("says what is wrong with --file used without a path or with a slug", async () => {
    expect((await problems(["preview", "--file"])).stderr).toMatch(/--file needs the path of a problem document/);
    expect((await problems(["preview", "nn-backprop", "--file", EXAMPLE, "--seed", "1"])).stderr).toMatch(/a slug or --file, not both/);
    expect((await problems(["preview", "--file", path.join(scratch, "missing.json"), "--seed", "1"])).stderr).toMatch(/cannot read/);
  });
});
