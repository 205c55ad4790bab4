/**
 * The instructors' command line: `npm run problems -- <verb>` (with `npm run -s`
 * npm prints nothing of its own; `--json` prints one JSON document and
 * nothing else).
 *
 *   list                              every problem with its parts
 *   preview <slug> --seed N [--json]  the variant with its references
 *   grade <slug> --seed N [--json]    grades { "<partId>": answer, … } from stdin
 *   validate [slug…] [--seeds N]      checks each problem on N seeds (default 50); exits 1 on any failure
 *   export --file F [--format yaml]   a problem document in its stable form (JSON, or YAML)
 *   export <slug> [--version N] [--format F]
 *                                     a published version from the database, as its author
 *                                     published it, byte for byte (stderr says when it is
 *                                     the canonical form instead); the newest by default
 *
 * Instead of a bank slug, `--file path/to/doc.json` (or .yaml) takes a
 * problem document (grader/authoring): `preview --file doc.json --seed 3`,
 * `validate --file a.json --file b.yaml`. A document that does not compile
 * prints each issue with its path in the document and exits 2.
 */
import { readFileSync } from "node:fs";
import {
  compileDocument,
  DocumentError,
  exportDocument,
  formatOfFile,
  formatPath,
  importDocument,
  type DocumentFormat,
} from "../../grader/authoring";
import { BANK, getBankProblem } from "../../grader/bank";
import {
  buildVariant,
  DEFAULT_VALIDATION_SEEDS,
  gradeSubmission,
  ProblemError,
  validateProblem,
  type AnyProblem,
  type Answers,
} from "../../grader/problems";
import { DatabaseConfigError } from "../../lib/db/provider";

class UsageError extends Error {}

/** A document that does not compile, with the file it came from. */
class FileDocumentError extends Error {
  constructor(
    readonly file: string,
    readonly error: DocumentError,
  ) {
    super(`${file}: ${error.message}`);
  }
}

interface Options {
  json: boolean;
  seed?: number;
  seeds?: number;
  version?: number;
  files: string[];
  format?: DocumentFormat;
  positional: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { json: false, files: [], positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const integerAfter = (name: string) => {
      const value = Number(args[++i]);
      if (!Number.isInteger(value) || value < 0) throw new UsageError(`${name} needs a non-negative integer`);
      return value;
    };
    if (arg === "--json") options.json = true;
    else if (arg === "--seed") options.seed = integerAfter("--seed");
    else if (arg === "--seeds") options.seeds = integerAfter("--seeds");
    else if (arg === "--version") options.version = integerAfter("--version");
    else if (arg === "--file") {
      const file = args[++i];
      if (!file || file.startsWith("--")) throw new UsageError("--file needs the path of a problem document");
      options.files.push(file);
    } else if (arg === "--format") {
      const format = args[++i];
      if (format !== "json" && format !== "yaml") throw new UsageError("--format is json or yaml");
      options.format = format;
    } else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

function print(options: Options, json: unknown, text: () => string) {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text()}\n`);
}

/** Reads and compiles a problem document; its problems are reported against the file. */
function loadDocument(file: string): AnyProblem {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  try {
    return compileDocument(importDocument(text, formatOfFile(file)));
  } catch (error) {
    if (error instanceof DocumentError) throw new FileDocumentError(file, error);
    throw error;
  }
}

/** The one problem a verb works on: a document (--file) or a bank slug, and the seed. */
function requireProblemAndSeed(options: Options): { problem: AnyProblem; seed: number } {
  const [slug] = options.positional;
  if (options.files.length > 1) throw new UsageError("give one --file");
  if (!slug && options.files.length === 0) throw new UsageError("name a problem: <slug> --seed N, or --file doc.json --seed N");
  if (slug && options.files.length > 0) throw new UsageError("give a slug or --file, not both");
  if (options.seed === undefined) throw new UsageError("give a seed: --seed N");
  return { problem: slug ? getBankProblem(slug) : loadDocument(options.files[0]), seed: options.seed };
}

function list(options: Options) {
  const problems = BANK.map(({ set, problem }) => ({
    slug: problem.slug,
    set,
    version: problem.version,
    title: problem.title,
    parts: problem.parts.map((part) => part.id),
  }));
  print(options, { problems }, () =>
    problems.map((p) => `${p.slug} (v${p.version}, ${p.set}): ${p.title}\n  parts: ${p.parts.join(", ")}`).join("\n"),
  );
}

function preview(options: Options) {
  const { problem, seed } = requireProblemAndSeed(options);
  const slug = problem.slug;
  const variant = buildVariant(problem, seed);
  const json = {
    slug,
    seed,
    version: variant.public.version,
    params: Object.fromEntries(variant.public.params.map((param) => [param.name, param.display.value])),
    parts: variant.public.parts.map((shown, i) => {
      const part = variant.parts[i];
      return {
        id: part.id,
        kind: part.answer.kind,
        ...(shown.precision ? { precision: shown.precision } : {}),
        prompt: part.prompt,
        reference: part.reference,
      };
    }),
  };
  print(options, json, () =>
    [
      `${variant.public.title} (${slug} v${variant.public.version}, seed ${seed})`,
      "",
      variant.public.statement,
      "",
      ...json.parts.map(
        (part) =>
          `${part.id} [${part.kind}${part.precision ? `, ${part.precision}` : ""}] ` +
          `${part.prompt}\n  reference: ${JSON.stringify(part.reference)}`,
      ),
    ].join("\n"),
  );
}

function grade(options: Options) {
  const { problem, seed } = requireProblemAndSeed(options);
  let answers: Answers;
  try {
    const parsed: unknown = JSON.parse(readFileSync(0, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    answers = parsed as Answers;
  } catch (error) {
    throw new UsageError(`stdin must be a JSON object of answers by part id, such as {"a.dims": "m x l"} (${(error as Error).message})`);
  }
  const result = gradeSubmission(buildVariant(problem, seed), answers);
  const json = { score: result.score, parts: result.parts.map((part) => ({ id: part.id, score: part.score, feedback: part.feedback })) };
  print(options, json, () =>
    [`score ${(result.score * 100).toFixed(1)}%`, ...json.parts.map((part) => `${part.id}: ${part.score} — ${part.feedback}`)].join("\n"),
  );
}

function validate(options: Options): number {
  const everything = options.positional.length === 0 && options.files.length === 0;
  const problems = [
    ...(everything ? BANK.map((entry) => entry.problem) : options.positional.map(getBankProblem)),
    ...options.files.map(loadDocument),
  ];
  const reports = problems.map((problem) => validateProblem(problem, options.seeds ?? DEFAULT_VALIDATION_SEEDS));
  const failed = reports.some((report) => report.failures.length > 0);
  print(options, { ok: !failed, reports }, () =>
    reports
      .map((report) =>
        [
          `${report.failures.length === 0 ? "ok  " : "FAIL"} ${report.slug}: ` +
            `${report.seeds} seeds, ${report.checks} checks, ${report.failures.length} failures`,
          ...report.failures.slice(0, 20).map((f) => `     seed ${f.seed}${f.part ? ` part ${f.part}` : ""}: ${f.message}`),
        ].join("\n"),
      )
      .join("\n"),
  );
  return failed ? 1 : 0;
}

/** A published version, from the database: written to stdout exactly as stored, nothing added. */
async function exportPublishedVersion(options: Options) {
  const [slug, extra] = options.positional;
  if (extra !== undefined || options.files.length > 0) throw new UsageError("give one slug, or one --file, to export");
  // Loaded only here: the other verbs need no database.
  const { exportPublished, NotPublishedError } = await import("./export-published");
  try {
    const exported = await exportPublished({ slug, version: options.version, format: options.format });
    if (exported.note) process.stderr.write(`problems: ${exported.note}\n`);
    process.stdout.write(exported.text);
  } catch (error) {
    if (error instanceof NotPublishedError) throw new UsageError(error.message);
    throw error;
  }
}

function exportFile(options: Options) {
  if (options.files.length !== 1)
    throw new UsageError("give the document to export: export --file doc.json [--format yaml], or export <slug>");
  const [file] = options.files;
  try {
    const text = readFileSync(file, "utf8");
    process.stdout.write(exportDocument(importDocument(text, formatOfFile(file)), options.format ?? "json"));
  } catch (error) {
    if (error instanceof DocumentError) throw new FileDocumentError(file, error);
    throw error;
  }
}

async function main(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const options = parseOptions(rest);
  switch (verb) {
    case "list":
      list(options);
      return 0;
    case "preview":
      preview(options);
      return 0;
    case "grade":
      grade(options);
      return 0;
    case "validate":
      return validate(options);
    case "export":
      if (options.positional.length > 0) await exportPublishedVersion(options);
      else exportFile(options);
      return 0;
    default:
      throw new UsageError(`unknown verb "${verb ?? ""}"; use list, preview, grade, validate or export`);
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => report(error),
);

function report(error: unknown) {
  if (error instanceof UsageError || error instanceof ProblemError) {
    process.stderr.write(`problems: ${error.message}\n`);
    process.exitCode = 2;
  } else if (error instanceof FileDocumentError) {
    const issues = error.error.issues.map((issue) => `  ${formatPath(issue.path)}: ${issue.message}`);
    process.stderr.write(`problems: ${error.file} is not a valid problem document (${error.error.code}):\n${issues.join("\n")}\n`);
    process.exitCode = 2;
  } else if (error instanceof DatabaseConfigError) {
    process.stderr.write(`problems: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
