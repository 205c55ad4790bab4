// A grading worker thread runs under plain Node with tsx's require hooks:
// no bundler, no tsconfig paths, no "server-only". So everything it loads
// must be the worker's own two files and grader/ code reached by relative
// paths. This walks the worker's import graph, type-only imports included,
// and fails on anything else: the rule is kept by this test, not by comments.
import { existsSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";
import ts from "typescript";

const root = process.cwd();
const workerFiles = ["lib/grading/grading-worker.mjs", "lib/grading/grading-task.ts"].map((file) => path.join(root, file));
const grader = path.join(root, "grader") + path.sep;
/** Packages a worker may load: the tsx hooks it registers itself, and the grader's own dependencies. */
const forbiddenPackages = /^(server-only|next|react|react-dom|@prisma\/.*|@\/.*)$/;

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, path.join(base, "index.ts")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Every file the worker loads, and every import that breaks its rule, as "importer -> specifier". */
function walkWorkerImports(): { files: string[]; violations: string[] } {
  const seen = new Set<string>();
  const violations: string[] = [];
  const queue = [...workerFiles];
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    if (file.endsWith(".json")) continue;
    const { importedFiles } = ts.preProcessFile(readFileSync(file, "utf8"), true, true);
    for (const { fileName: specifier } of importedFiles) {
      const where = `${path.relative(root, file)} -> ${specifier}`;
      if (!specifier.startsWith(".")) {
        const packageName = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
        const builtin = specifier.startsWith("node:") || builtinModules.includes(packageName);
        if (forbiddenPackages.test(specifier) || forbiddenPackages.test(packageName)) violations.push(where);
        else if (!builtin && !existsSync(path.join(root, "node_modules", packageName))) violations.push(`${where} (not installed)`);
        continue;
      }
      const resolved = resolveRelative(file, specifier);
      if (!resolved) violations.push(`${where} (does not resolve)`);
      else if (!resolved.startsWith(grader) && !workerFiles.includes(resolved)) violations.push(`${where} (outside grader/)`);
      else queue.push(resolved);
    }
  }
  return { files: [...seen].map((file) => path.relative(root, file)).sort(), violations };
}

describe("the grading worker's imports", () => {
  const { files, violations } = walkWorkerImports();

  it("reach only grader/ code, by relative paths, and no server-only, Next, React or Prisma package", () => {
    expect(violations).toEqual([]);
  });

  it("include the code the worker runs: stored problems, grading and document validation", () => {
    expect(files).toEqual(
      expect.arrayContaining([
        "grader/stored/index.ts",
        "grader/problems/grade.ts",
        "grader/authoring/validate-text.ts",
        "grader/errors.ts",
      ]),
    );
    expect(files.filter((file) => !file.startsWith("grader/"))).toEqual(["lib/grading/grading-task.ts", "lib/grading/grading-worker.mjs"]);
  });
});
