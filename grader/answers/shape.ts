/**
 * The shape kind (`(N, 16, 64, 64)`, `[2, 16, 64, 64]`) and the dimensions
 * kind (`m × l`, `(m, l)`, `n × pq`): both are lists of sizes, read by
 * dimension-list.ts and graded here, entry by entry. Unlike a matrix answer,
 * a list of the wrong length is a graded wrong answer: the sizes are the
 * answer.
 */
import { fingerprintValues } from "../expr";
import type { KnownMistakeValue } from "./context";
import { AnswerError, AnswerErrorCode } from "./errors";
import { formatSize, parseSizeList, referenceSizes, sameSize, sizeListText, type Size } from "./dimension-list";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";

type SizeListSpec = SpecOf<"shape"> | SpecOf<"dimensions">;
export type SizeListReference = readonly (number | string)[];

export function parseSizeListAnswer(spec: SizeListSpec, raw: RawAnswer): ParseOutcome<Size[]> {
  const text = sizeListText(raw);
  if (text === null)
    return {
      ok: false,
      error: new AnswerError(
        AnswerErrorCode.InvalidSyntax,
        spec.kind === "shape" ? "enter a shape such as (N, 16, 64, 64)" : "enter dimensions such as m × n",
      ),
    };
  return parseSizeList(text, spec.symbols);
}

export function formatSizeList(spec: SizeListSpec, sizes: readonly Size[]): string {
  return spec.kind === "shape"
    ? `(${sizes.map(formatSize).join(", ")}${sizes.length === 1 ? "," : ""})`
    : sizes.map(formatSize).join(" × ");
}

export function gradeSizeListAnswer(
  spec: SizeListSpec,
  raw: RawAnswer,
  reference: SizeListReference,
  mistakes: readonly KnownMistakeValue<SizeListReference>[] = [],
): GradeResult {
  const parsed = parseSizeListAnswer(spec, raw);
  if (!parsed.ok) return invalid(parsed.error);
  const answer = parsed.value;
  const expected = referenceSizes(reference, spec.symbols);
  const fingerprint = fingerprintValues([
    { shape: [answer.length], data: Array.from(formatSizeList(spec, answer), (char) => char.charCodeAt(0)) },
  ]);
  const noun = spec.kind === "shape" ? "dimensions" : "sizes";

  const entriesCorrect = answer.length === expected.length ? expected.map((size, i) => sameSize(answer[i], size)) : null;
  const details = entriesCorrect ? { details: { kind: "dimensions" as const, entriesCorrect } } : {};
  if (entriesCorrect?.every(Boolean)) return graded({ score: 1, feedback: "correct", fingerprint, ...details });

  // A shape without its batch size is refused before anything else is said of it, known mistakes included:
  // whether it is refused must not depend on its other sizes (in an exam, that would tell a known mistake).
  const batch = missingBatch(spec, answer, expected);
  if (batch) return invalid(new AnswerError(AnswerErrorCode.InvalidSyntax, `include the batch dimension ${batch} as the first size`));
  // Then known mistakes, whatever their length: a flattened (n, p·q) for (n, p, q) has its own message.
  const mistake = mistakes.find((candidate) => {
    const sizes = referenceSizes(candidate.value, spec.symbols);
    return sizes.length === answer.length && sizes.every((size, i) => sameSize(answer[i], size));
  });
  if (mistake) return graded({ score: 0, feedback: mistake.message, mistake, fingerprint, ...details });
  if (!entriesCorrect) {
    return graded({ score: 0, feedback: `expected ${expected.length} ${noun}, but got ${answer.length}`, fingerprint });
  }
  const right = entriesCorrect.filter(Boolean).length;
  const wrongPositions = entriesCorrect.flatMap((ok, i) => (ok ? [] : [i + 1]));
  const reordered = isPermutation(answer, expected) ? "; the sizes are right but in another order" : "";
  const feedback =
    `${noun === "sizes" ? "size" : "dimension"}${wrongPositions.length > 1 ? "s" : ""} ` +
    `${wrongPositions.join(", ")} ${wrongPositions.length > 1 ? "are" : "is"} wrong${reordered}`;
  return graded({ score: spec.partialCredit ? right / expected.length : 0, feedback, fingerprint, ...details });
}

/**
 * The batch symbol a shape answer left out: the reference starts with a
 * symbol alone (N), and the answer is one size shorter and never uses it.
 * Refused as invalid (no attempt used), whether or not the other sizes are
 * right, so that the hint says nothing about them.
 */
function missingBatch(spec: SizeListSpec, answer: readonly Size[], expected: readonly Size[]): string | null {
  const first = expected[0];
  if (spec.kind !== "shape" || first === undefined || first.coefficient !== 1 || first.symbols.length !== 1) return null;
  if (answer.length !== expected.length - 1 || answer.some((size) => size.symbols.includes(first.symbols[0]))) return null;
  return first.symbols[0];
}

function isPermutation(a: readonly Size[], b: readonly Size[]): boolean {
  const key = (sizes: readonly Size[]) => sizes.map(formatSize).sort().join("|");
  return key(a) === key(b);
}
