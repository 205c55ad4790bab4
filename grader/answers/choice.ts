/**
 * The choice kind, single or multiple. Submissions carry option ids, never
 * positions: the display order is shuffled per variant, deterministically
 * from the variant seed (and the option ids, so that two parts of one
 * variant are not shuffled alike), with the engine's generator so that
 * server and browser agree.
 */
import { createRng } from "../autograd";
import { fingerprintValues } from "../expr";
import { AnswerError, AnswerErrorCode } from "./errors";
import { joinSentences } from "./sentences";
import { graded, invalid, type GradeResult, type ParseOutcome, type RawAnswer } from "./result";
import type { SpecOf } from "./spec";

type ChoiceSpec = SpecOf<"choice">;
export type ChoiceOption = ChoiceSpec["options"][number];

/** The options in the order a variant shows them. */
export function choiceOrder(spec: ChoiceSpec, variantSeed: number): ChoiceOption[] {
  const options = [...spec.options];
  if (!spec.shuffle) return options;
  const rng = createRng((variantSeed ^ hashString(options.map((option) => option.id).join("\u0000"))) >>> 0);
  for (let i = options.length - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [options[i], options[j]] = [options[j], options[i]];
  }
  return options;
}

/** Option ids: one id, a list of ids, or ids separated by commas. */
export function parseChoiceAnswer(spec: ChoiceSpec, raw: RawAnswer): ParseOutcome<string[]> {
  let ids: string[];
  if (typeof raw === "string")
    ids = raw
      .split(",")
      .map((id) => id.trim())
      .filter((id) => id !== "");
  else if (Array.isArray(raw) && raw.every((id) => typeof id === "string")) ids = (raw as string[]).map((id) => id.trim());
  else return { ok: false, error: new AnswerError(AnswerErrorCode.InvalidSyntax, "choose by option id") };
  ids = [...new Set(ids)];
  if (ids.length === 0)
    return { ok: false, error: new AnswerError(AnswerErrorCode.Empty, spec.multiple ? "choose at least one option" : "choose an option") };
  const known = new Set(spec.options.map((option) => option.id));
  const unknown = ids.find((id) => !known.has(id));
  if (unknown !== undefined)
    return { ok: false, error: new AnswerError(AnswerErrorCode.UnknownOption, `“${unknown}” is not one of the options`) };
  if (!spec.multiple && ids.length > 1)
    return { ok: false, error: new AnswerError(AnswerErrorCode.TooManyChoices, "choose one option only") };
  return { ok: true, value: ids };
}

export function gradeChoiceAnswer(spec: ChoiceSpec, raw: RawAnswer, reference: string | readonly string[]): GradeResult {
  const parsed = parseChoiceAnswer(spec, raw);
  if (!parsed.ok) return invalid(parsed.error);
  const selected = parsed.value;
  const correctIds = new Set(typeof reference === "string" ? [reference] : reference);
  const hits = selected.filter((id) => correctIds.has(id)).length;
  const wrongPicks = selected.filter((id) => !correctIds.has(id));
  const missed = [...correctIds].filter((id) => !selected.includes(id));
  const correct = wrongPicks.length === 0 && missed.length === 0;
  const fingerprint = fingerprintValues([
    { shape: [selected.length], data: Array.from([...selected].sort().join(","), (char) => char.charCodeAt(0)) },
  ]);
  const details = { kind: "choice" as const, selected, selectedCorrect: selected.map((id) => correctIds.has(id)) };
  if (correct) return graded({ score: 1, feedback: "correct", fingerprint, details });

  const byId = new Map(spec.options.map((option) => [option.id, option]));
  const explanations = [...wrongPicks, ...(spec.multiple ? missed : [])]
    .map((id) => byId.get(id)?.feedback)
    .filter((text): text is string => !!text);
  const score = spec.multiple && spec.partialCredit ? Math.max(0, (hits - wrongPicks.length) / correctIds.size) : 0;
  const summary = spec.multiple ? `${hits} of ${correctIds.size} right options chosen, ${wrongPicks.length} wrong` : "not the right option";
  return graded({ score, feedback: joinSentences([summary, ...explanations]), fingerprint, details });
}

/** FNV-1a over UTF-16 code units: a 32-bit number from a string. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
