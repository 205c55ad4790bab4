/**
 * `problems validate`: runs a problem on many seeds and checks that it is
 * sound: the variant and every reference compute, references fit their
 * answer kinds, every sample answer listed as correct scores 1 and every one
 * listed as wrong scores below 1, and nothing the student sees carries a
 * reference.
 */
import type { AnyProblem } from "./types";
import { buildVariant } from "./variant";
import { gradePart } from "./grade";
import { givesAwayAnswer, promptQuantity, type AnswerForms } from "./giveaway";
import type { ReferencePart, Variant } from "./variant";

export interface ValidationFailure {
  slug: string;
  seed: number;
  part?: string;
  message: string;
}

export interface ValidationReport {
  slug: string;
  seeds: number;
  checks: number;
  failures: ValidationFailure[];
}

export const DEFAULT_VALIDATION_SEEDS = 50;

function describe(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function containsNumberArray(value: unknown): boolean {
  return Array.isArray(value) && value.some((entry) => typeof entry === "number" || containsNumberArray(entry));
}

/** Every text a student may read about a part before it is settled: hints, known mistakes' messages, options' feedback. */
export function partTexts(part: ReferencePart): { where: string; text: string }[] {
  const spec = part.answer;
  return [
    ...part.hints.map((text, i) => ({ where: `hint ${i + 1}`, text })),
    ...part.knownMistakes.map((mistake) => ({ where: "a known mistake's message", text: mistake.message })),
    ...(spec.kind === "expression"
      ? spec.knownMistakes.map((mistake) => ({ where: `the message for ${mistake.expression}`, text: mistake.message }))
      : []),
    ...(spec.kind === "choice"
      ? spec.options.flatMap((option) => (option.feedback ? [{ where: `option ${option.id}'s feedback`, text: option.feedback }] : []))
      : []),
  ];
}

/** A part's answer in the forms a student could recognise it: its reference, sample correct answers, the right options' texts. */
function answerForms(part: ReferencePart, correctSamples: readonly unknown[]): AnswerForms {
  const written = correctSamples.filter((sample): sample is string => typeof sample === "string");
  if (part.answer.kind === "choice") {
    const ids = ([] as unknown[]).concat(part.reference);
    written.push(...part.answer.options.filter((option) => ids.includes(option.id)).map((option) => option.text));
  }
  return { reference: part.reference, written, quantity: promptQuantity(part.prompt) };
}

/** A part's correct sample answers on a variant; none when they do not compute (validateProblem reports that). */
function correctExamples(problem: AnyProblem, variant: Variant, partId: string): readonly unknown[] {
  try {
    return problem.parts.find((candidate) => candidate.id === partId)!.examples(variant.params).correct;
  } catch {
    return [];
  }
}

/**
 * Each text of a part that gives another part's answer away (giveaway.ts),
 * on one variant, with the number of (text, other part) pairs checked.
 * `correctOf` gives a part's correct sample answers: validateProblem passes
 * the ones it computed already, since an authored part's samples cost as
 * much to compute as the document's cost estimate says (grader/authoring/cost.ts
 * counts them once per seed).
 */
export function answerGiveaways(
  problem: AnyProblem,
  variant: Variant,
  correctOf: (partId: string) => readonly unknown[] = (partId) => correctExamples(problem, variant, partId),
): { checks: number; found: { part: string; message: string }[] } {
  let checks = 0;
  const found: { part: string; message: string }[] = [];
  for (const part of variant.parts) {
    const forms: AnswerForms = answerForms(part, correctOf(part.id));
    for (const other of variant.parts) {
      if (other.id === part.id) continue;
      for (const { where, text } of partTexts(other)) {
        checks++;
        const why = givesAwayAnswer(text, forms);
        if (why) found.push({ part: part.id, message: `part ${other.id}'s ${where} gives this part's answer away: ${why} ("${text}")` });
      }
    }
  }
  return { checks, found };
}

export function validateProblem(problem: AnyProblem, seedCount = DEFAULT_VALIDATION_SEEDS): ValidationReport {
  const failures: ValidationFailure[] = [];
  let checks = 0;
  for (let seed = 0; seed < seedCount; seed++) {
    const fail = (message: string, part?: string) => failures.push({ slug: problem.slug, seed, ...(part ? { part } : {}), message });
    let variant;
    try {
      variant = buildVariant(problem, seed);
    } catch (error) {
      fail(`the variant does not build: ${(error as Error).message}`);
      continue;
    }
    const publicText = JSON.stringify(variant.public);
    // Each part's samples, computed once for the seed: the giveaway check and the grading below both read them.
    const examplesOf = new Map<string, ReturnType<AnyProblem["parts"][number]["examples"]> | Error>();
    for (const part of problem.parts) {
      try {
        examplesOf.set(part.id, part.examples(variant.params));
      } catch (error) {
        examplesOf.set(part.id, error as Error);
      }
    }
    const giveaways = answerGiveaways(problem, variant, (partId) => {
      const examples = examplesOf.get(partId);
      return examples === undefined || examples instanceof Error ? [] : examples.correct;
    });
    checks += giveaways.checks;
    for (const { part, message } of giveaways.found) fail(message, part);
    const partIds = new Set(problem.parts.map((part) => part.id));
    for (const [name, held] of Object.entries(variant.heldExtras)) {
      checks++;
      const unknown = held.answers.filter((id) => !partIds.has(id));
      if (held.answers.length === 0 || unknown.length > 0)
        fail(`the held extra ${name} must name the parts it answers (unknown: ${unknown.join(", ") || "none named"})`);
    }
    for (const part of problem.parts) {
      const built = variant.parts.find((candidate) => candidate.id === part.id)!;
      const examples = examplesOf.get(part.id)!;
      if (examples instanceof Error) {
        fail(`its examples do not compute: ${examples.message}`, part.id);
        continue;
      }
      if (examples.correct.length === 0) fail("it lists no correct sample answer", part.id);
      for (const answer of examples.correct) {
        checks++;
        try {
          const result = gradePart(variant, part.id, answer);
          // A free-text part is never scored here: its samples need only be accepted for a person to grade.
          if (built.answer.kind === "freeText") {
            if (result.status !== "needsGrading")
              fail(`the sample answer ${describe(answer)} is not accepted for grading (${result.status}: ${result.feedback})`, part.id);
          } else if (result.score !== 1)
            fail(`the correct answer ${describe(answer)} scores ${result.score} (${result.status}: ${result.feedback})`, part.id);
        } catch (error) {
          fail(`grading ${describe(answer)} throws: ${(error as Error).message}`, part.id);
        }
      }
      for (const answer of examples.wrong) {
        checks++;
        try {
          const result = gradePart(variant, part.id, answer);
          if (built.answer.kind === "freeText") {
            if (result.status !== "invalid") fail(`the refused sample ${describe(answer)} is accepted for grading`, part.id);
          } else if (result.score >= 1) fail(`the wrong answer ${describe(answer)} scores 1`, part.id);
        } catch (error) {
          fail(`grading ${describe(answer)} throws: ${(error as Error).message}`, part.id);
        }
      }
      // A computed array (a matrix, a numeric shape) must never reach the student's view. Scalars,
      // option ids and symbolic shapes are left out: they occur in any statement by chance.
      checks++;
      if (containsNumberArray(built.reference) && publicText.includes(JSON.stringify(built.reference))) {
        fail("the student's view of the variant contains this part's reference", part.id);
      }
    }
  }
  return { slug: problem.slug, seeds: seedCount, checks, failures };
}
