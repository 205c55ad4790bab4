/**
 * Every numeric part (number, integer, matrix) of every bank problem, on
 * seeds 0–19: the reference rounded to 3 significant figures must pass
 * (the default rule, and what a handout's key prints), the reference off
 * by 5 % must not (at 3 s.f. a pass is within 0.5 % of the reference, so
 * 5 % is ten times outside), and every known mistake and sample wrong
 * answer in the bank must still be refused. Integers are exact: the count
 * as written naturally passes (448.0, 8.05371904e8), the count ±1 and
 * ×1.05 do not.
 */
import { BANK } from "@/grader/bank";
import { buildVariant, gradePart, type ReferencePart, type Variant } from "@/grader/problems";
import type { RawAnswer } from "@/grader/answers";

const SEEDS = Array.from({ length: 20 }, (_, seed) => seed);
const NUMERIC_KINDS = new Set(["number", "integer", "matrix"]);

interface NumericCase {
  label: string;
  variant: Variant;
  part: ReferencePart;
  examplesWrong: RawAnswer[];
}

function numericCases(): NumericCase[] {
  const cases: NumericCase[] = [];
  for (const { problem } of BANK) {
    for (const seed of SEEDS) {
      const variant = buildVariant(problem, seed);
      for (const part of variant.parts) {
        if (!NUMERIC_KINDS.has(part.answer.kind)) continue;
        const definition = problem.parts.find((candidate) => candidate.id === part.id)!;
        const examples = (definition.examples as (params: unknown) => { wrong: RawAnswer[] })(variant.params);
        cases.push({ label: `${problem.slug} seed ${seed} ${part.id}`, variant, part, examplesWrong: examples.wrong });
      }
    }
  }
  return cases;
}

const CASES = numericCases();
const byKind = (kind: string) => CASES.filter((c) => c.part.answer.kind === kind);

/** Nested arrays (or a number) with every entry mapped. */
type Nested = number | Nested[];
const mapEntries = (value: Nested, f: (entry: number) => number): Nested =>
  Array.isArray(value) ? value.map((item) => mapEntries(item, f)) : f(value);
const entries = (value: Nested): number[] => (Array.isArray(value) ? value.flatMap(entries) : [value]);
const toSigFigs = (entry: number) => Number(entry.toPrecision(3));
/** An all-zero reference has no 5 % to be off by: it is moved by 0.05 instead. */
const perturb = (reference: Nested, factor: number): Nested =>
  entries(reference).every((entry) => entry === 0)
    ? mapEntries(reference, (entry) => entry + (factor - 1))
    : mapEntries(reference, (entry) => entry * factor);
const literal = (value: Nested): string => (Array.isArray(value) ? `[${value.map(literal).join(", ")}]` : value.toPrecision(3));

const grade = (c: NumericCase, raw: RawAnswer) => gradePart(c.variant, c.part.id, raw);
const failures = (check: (c: NumericCase) => string | null, cases: NumericCase[]) =>
  cases.map(check).filter((failure): failure is string => failure !== null);

describe("the numeric corpus: every number, integer and matrix part of the bank on seeds 0–19", () => {
  it("covers every problem with numeric parts, and each kind", () => {
    expect(byKind("matrix").length).toBeGreaterThan(0);
    expect(byKind("number").length).toBeGreaterThan(0);
    expect(byKind("integer").length).toBeGreaterThan(0);
    const slugs = new Set(CASES.map((c) => c.variant.public.slug));
    expect([...slugs].sort()).toEqual([
      "chain-rule",
      "cnn-shapes",
      "conv-transpose-shapes",
      "multihead-attention",
      "nn-backprop",
      "recurrent-params",
      "rnn-bptt",
      "softmax-jacobian",
      "transformer-encoder-params",
      "two-layer-tanh",
      "zero-init",
    ]);
  });

  it("accepts every number and matrix reference rounded to 3 significant figures, as numbers and as typed text", () => {
    const cases = [...byKind("number"), ...byKind("matrix")];
    const check = (c: NumericCase) => {
      const rounded = mapEntries(c.part.reference as Nested, toSigFigs);
      const asNumbers = grade(c, rounded as RawAnswer);
      const asText = grade(c, literal(c.part.reference as Nested));
      return asNumbers.score === 1 && asText.score === 1
        ? null
        : `${c.label}: ${literal(c.part.reference as Nested)} → ${asNumbers.feedback} / ${asText.feedback}`;
    };
    expect(failures(check, cases)).toEqual([]);
  });

  it("rejects every number and matrix reference × 1.05 and × 0.95", () => {
    const cases = [...byKind("number"), ...byKind("matrix")];
    const check = (c: NumericCase) => {
      const scores = [1.05, 0.95].map((factor) => grade(c, perturb(c.part.reference as Nested, factor) as RawAnswer).score);
      return scores.every((score) => score < 1) ? null : `${c.label}: a 5 % error scored ${scores.join(", ")}`;
    };
    expect(failures(check, cases)).toEqual([]);
  });

  it("marks each nonzero matrix entry off by 5 % as wrong on its own", () => {
    const check = (c: NumericCase) => {
      const reference = entries(c.part.reference as Nested);
      for (let i = 0; i < reference.length; i++) {
        if (reference[i] === 0) continue;
        let position = 0;
        const oneOff = mapEntries(c.part.reference as Nested, (entry) => (position++ === i ? entry * 1.05 : entry));
        const result = grade(c, oneOff as RawAnswer);
        const details = result.status === "graded" ? result.details : undefined;
        if (result.score === 1 || details?.kind !== "matrix" || details.cellsCorrect[i]) return `${c.label}: entry ${i} off by 5 % passed`;
      }
      return null;
    };
    expect(failures(check, byKind("matrix"))).toEqual([]);
  });

  it("accepts every integer reference as written naturally (plain, .0, exact scientific notation) and rejects ±1 and × 1.05", () => {
    const check = (c: NumericCase) => {
      const count = c.part.reference as number;
      const written = [count, String(count), `${count}.0`, count.toExponential(), count.toExponential().replace(/e\+?/, " × 10^")];
      const wrong = [count + 1, count - 1, Math.round(count * 1.05) === count ? count + 2 : Math.round(count * 1.05)];
      const passed = written.filter((raw) => grade(c, raw).score !== 1);
      const leaked = wrong.filter((raw) => grade(c, raw).score === 1);
      return passed.length === 0 && leaked.length === 0 ? null : `${c.label}: refused ${passed.join(", ")}; accepted ${leaked.join(", ")}`;
    };
    expect(failures(check, byKind("integer"))).toEqual([]);
  });

  it("still rejects every known mistake and every sample wrong answer of the bank, each known mistake with its own message", () => {
    const check = (c: NumericCase) => {
      const problems: string[] = [];
      for (const mistake of c.part.knownMistakes) {
        const result = grade(c, mistake.value as RawAnswer);
        if (result.score === 1) problems.push(`known mistake ${mistake.id} passed`);
        else if (!result.feedback.includes(mistake.message)) problems.push(`known mistake ${mistake.id} got “${result.feedback}”`);
      }
      for (const wrong of c.examplesWrong) {
        if (grade(c, wrong).score === 1) problems.push(`sample wrong answer ${JSON.stringify(wrong)} passed`);
      }
      return problems.length === 0 ? null : `${c.label}: ${problems.join("; ")}`;
    };
    expect(failures(check, CASES)).toEqual([]);
  });
});
