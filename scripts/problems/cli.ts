/**
 * The instructors' command line: `npm run problems -- <verb>` (with `npm run -s`
 * npm prints nothing of its own; `--json` prints one JSON document and
 * nothing else).
 *
 *   list                              every problem with its parts
 *   preview <slug> --seed N [--json]  the variant with its references
 *   grade <slug> --seed N [--json]    grades { "<partId>": answer, … } from stdin
 *   validate [slug…] [--seeds N]      checks each problem on N seeds (default 50); exits 1 on any failure
 */
import { readFileSync } from "node:fs";
import { BANK, getBankProblem } from "../../grader/bank";
import { buildVariant, DEFAULT_VALIDATION_SEEDS, gradeSubmission, ProblemError, validateProblem, type Answers } from "../../grader/problems";

class UsageError extends Error {}

interface Options {
  json: boolean;
  seed?: number;
  seeds?: number;
  positional: string[];
}

function parseOptions(args: string[]): Options {
  const options: Options = { json: false, positional: [] };
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
    else if (arg.startsWith("--")) throw new UsageError(`unknown option ${arg}`);
    else options.positional.push(arg);
  }
  return options;
}

function print(options: Options, json: unknown, text: () => string) {
  process.stdout.write(options.json ? `${JSON.stringify(json, null, 2)}\n` : `${text()}\n`);
}

function requireSlugAndSeed(options: Options): { slug: string; seed: number } {
  const [slug] = options.positional;
  if (!slug) throw new UsageError("name a problem: <slug> --seed N");
  if (options.seed === undefined) throw new UsageError("give a seed: --seed N");
  return { slug, seed: options.seed };
}

function list(options: Options) {
  const problems = BANK.map(({ set, problem }) => ({
    slug: problem.slug,
    set,
    version: problem.version,
    title: problem.title,
    parts: problem.parts.map((part) => part.id),
  }));
  print(options, { problems }, () => problems.map((p) => `${p.slug} (v${p.version}, ${p.set}): ${p.title}\n  parts: ${p.parts.join(", ")}`).join("\n"));
}

function preview(options: Options) {
  const { slug, seed } = requireSlugAndSeed(options);
  const variant = buildVariant(getBankProblem(slug), seed);
  const json = {
    slug,
    seed,
    version: variant.public.version,
    params: Object.fromEntries(variant.public.params.map((param) => [param.name, param.display.value])),
    parts: variant.parts.map((part) => ({ id: part.id, kind: part.answer.kind, prompt: part.prompt, reference: part.reference })),
  };
  print(options, json, () =>
    [
      `${variant.public.title} (${slug} v${variant.public.version}, seed ${seed})`,
      "",
      variant.public.statement,
      "",
      ...json.parts.map((part) => `${part.id} [${part.kind}] ${part.prompt}\n  reference: ${JSON.stringify(part.reference)}`),
    ].join("\n"),
  );
}

function grade(options: Options) {
  const { slug, seed } = requireSlugAndSeed(options);
  let answers: Answers;
  try {
    const parsed: unknown = JSON.parse(readFileSync(0, "utf8"));
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error("not an object");
    answers = parsed as Answers;
  } catch (error) {
    throw new UsageError(`stdin must be a JSON object of answers by part id, such as {"a.dims": "m x l"} (${(error as Error).message})`);
  }
  const result = gradeSubmission(buildVariant(getBankProblem(slug), seed), answers);
  const json = { score: result.score, parts: result.parts.map((part) => ({ id: part.id, score: part.score, feedback: part.feedback })) };
  print(options, json, () =>
    [`score ${(result.score * 100).toFixed(1)}%`, ...json.parts.map((part) => `${part.id}: ${part.score} — ${part.feedback}`)].join("\n"),
  );
}

function validate(options: Options): number {
  const slugs = options.positional.length > 0 ? options.positional : BANK.map((entry) => entry.problem.slug);
  const reports = slugs.map((slug) => validateProblem(getBankProblem(slug), options.seeds ?? DEFAULT_VALIDATION_SEEDS));
  const failed = reports.some((report) => report.failures.length > 0);
  print(options, { ok: !failed, reports }, () =>
    reports
      .map((report) =>
        [
          `${report.failures.length === 0 ? "ok  " : "FAIL"} ${report.slug}: ${report.seeds} seeds, ${report.checks} checks, ${report.failures.length} failures`,
          ...report.failures.slice(0, 20).map((f) => `     seed ${f.seed}${f.part ? ` part ${f.part}` : ""}: ${f.message}`),
        ].join("\n"),
      )
      .join("\n"),
  );
  return failed ? 1 : 0;
}

function main(argv: string[]): number {
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
    default:
      throw new UsageError(`unknown verb "${verb ?? ""}"; use list, preview, grade or validate`);
  }
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError || error instanceof ProblemError) {
    process.stderr.write(`problems: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
