import { execFile } from "node:child_process";
import path from "node:path";
import { BANK } from "@/grader/bank";

// The instructors' command line, run as a user runs it (tsx, real stdin/stdout).

const ROOT = path.resolve(__dirname, "..", "..", "..");
const TSX = path.join(ROOT, "node_modules", ".bin", "tsx");

function problems(args: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(TSX, [path.join("scripts", "problems", "cli.ts"), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    child.stdin?.end(stdin ?? "");
  });
}

jest.setTimeout(60_000);

describe("npm run problems", () => {
  it("lists every problem with its parts as JSON", async () => {
    const { code, stdout } = await problems(["list", "--json"]);
    expect(code).toBe(0);
    const { problems: listed } = JSON.parse(stdout);
    expect(listed.map((p: { slug: string }) => p.slug)).toEqual(BANK.map(({ problem }) => problem.slug));
  });

  it("previews a variant as plain JSON with params, references and each numeric part's precision", async () => {
    const { code, stdout } = await problems(["preview", "cnn-shapes", "--seed", "0", "--json"]);
    expect(code).toBe(0);
    const preview = JSON.parse(stdout);
    expect(preview).toMatchObject({ slug: "cnn-shapes", seed: 0, params: { input: ["N", 3, 64, 64] } });
    expect(preview.parts.find((part: { id: string }) => part.id === "b.6.dense")).toEqual({
      id: "b.6.dense",
      kind: "integer",
      precision: "exactly, as a whole number",
      prompt: expect.stringContaining("layer 6"),
      reference: 1180224,
    });
  });

  it("shows a matrix part's rule beside its kind in the text preview", async () => {
    const { code, stdout } = await problems(["preview", "nn-backprop", "--seed", "0"]);
    expect(code).toBe(0);
    expect(stdout).toContain("e.dW0 [matrix, to 3 significant figures]");
  });

  it("grades answers from stdin, scoring left-out parts 0 and explaining invalid input", async () => {
    const answers = { "a.dims": "m x l", "a.formula": "Jg @ Jf", "b.shape": "(n, p, q)" };
    const { code, stdout } = await problems(["grade", "chain-rule", "--seed", "3", "--json"], JSON.stringify(answers));
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    const byId = Object.fromEntries(result.parts.map((part: { id: string }) => [part.id, part]));
    expect(byId["a.dims"].score).toBe(1);
    expect(byId["b.shape"].score).toBe(1);
    expect(byId["a.formula"]).toMatchObject({ score: 0, feedback: expect.stringMatching(/×/) });
    expect(byId["c.value"]).toEqual({ id: "c.value", score: 0, feedback: "not answered" });
    // 2 of 10 part points (a.dims and b.shape, 1 point each).
    expect(result.score).toBeCloseTo(2 / 10, 12);
  });

  it("says what is wrong with stdin that is not a JSON object, and exits 2", async () => {
    const { code, stderr } = await problems(["grade", "chain-rule", "--seed", "0"], "not json");
    expect(code).toBe(2);
    expect(stderr).toMatch(/stdin must be a JSON object of answers by part id/);
  });

  it("names an unknown problem and the known ones", async () => {
    const { code, stderr } = await problems(["preview", "chain-rules", "--seed", "0"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no problem "chain-rules" in the bank; known: chain-rule, nn-backprop, zero-init, cnn-shapes/);
  });

  it("validates every problem on 50 seeds and exits 0", async () => {
    const { code, stdout } = await problems(["validate", "--json"]);
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.ok).toBe(true);
    expect(report.reports.map((r: { slug: string; seeds: number; failures: unknown[] }) => [r.slug, r.seeds, r.failures.length])).toEqual(
      BANK.map(({ problem }) => [problem.slug, 50, 0]),
    );
  });
});
