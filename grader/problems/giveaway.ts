/**
 * Whether a text a student reads before a part is settled (another part's
 * feedback, an option's feedback, a hint) gives that part's answer away.
 * `problems validate` runs it over every part's texts against every other
 * part's reference, on every seed it checks.
 *
 * What "gives away" means, so that 0 and 1 (σ(0), e⁰, "1 − z", a premise
 * such as "W⁽¹⁾ = 0", or a count of 1 elsewhere) do not count by chance:
 * - a number answers a part when the text STATES it ("= v", "≈ v", "is v",
 *   "equals v", not "is not v"), as a whole term (not the start of
 *   "1/(1 + e⁰)"), in any form a student reads: 0.5, 1/2, ½, \frac{1}{2};
 *   and the part's reference is that number, or a matrix whose entries all
 *   equal it (z = ½ everywhere answers z). For 0, 1 and −1 the statement
 *   must also be about the part's own quantity: what stands before "=" is
 *   the first formula of the part's prompt ("∂y/∂b⁽¹⁾ = 1" answers the part
 *   that asks for $\partial y / \partial b^{(1)}$; "W⁽¹⁾ = 0" answers none);
 * - a distinctive number (three or more significant digits, as printed)
 *   answers a part wherever it stands, when it is one of the reference's
 *   entries rounded to the digits printed;
 * - a shape or dimension list answers a part when the text writes it whole,
 *   "(N, 64, 32, 32)" or "64 × 32 × 32";
 * - a formula answers a part when the text contains one of its readable
 *   forms (the reference or a sample correct answer) of five or more
 *   characters, spaces and minus signs normalised; an option when the text
 *   contains the right option's text.
 * Words ("zero", "one half") are not read: write a text that explains the
 * mistake without the value.
 */
import type { Json } from "./types";

const VULGAR: Record<string, number> = { "½": 1 / 2, "⅓": 1 / 3, "⅔": 2 / 3, "¼": 1 / 4, "¾": 3 / 4, "⅕": 1 / 5, "⅛": 1 / 8 };

/** A number as a student reads it: -0.25, 1/2, ½, \frac{1}{2}, with a Unicode minus too. */
const NUMBER = String.raw`([-−]?)\s*(\\[td]?frac\{\d+\}\{\d+\}|\d+(?:\.\d+)?\s*\/\s*\d+(?:\.\d+)?|\d+(?:\.\d+)?|[½⅓⅔¼¾⅕⅛])`;
const STATED = new RegExp(String.raw`(\S+)\s*(?:=|≈|\bis\b(?!\s+not)|\bequals\b)\s*` + NUMBER, "gu");
const ANY_NUMBER = /(?<![\w.])\d+\.\d+|(?<![\w.])\d{3,}/gu;

function numberValue(sign: string, body: string): number {
  const frac = /^\\[td]?frac\{(\d+)\}\{(\d+)\}$/.exec(body);
  const slash = /^(\d+(?:\.\d+)?)\s*\/\s*(\d+(?:\.\d+)?)$/.exec(body);
  const value = frac ? Number(frac[1]) / Number(frac[2]) : slash ? Number(slash[1]) / Number(slash[2]) : (VULGAR[body] ?? Number(body));
  return sign ? -value : value;
}

/** A term ends where no operator, digit, letter or bracket continues it ("1/(1 + e⁰)" is not the number 1). */
function isWholeTerm(rest: string): boolean {
  return !/^(?:[\w(⁰¹²³⁴⁵⁶⁷⁸⁹^]|\.\d|\s*[-−+*/×·@^(∘])/u.test(rest);
}

const SUPERSCRIPTS: Record<string, string> = { "⁽": "(", "⁾": ")", "⁰": "0", "¹": "1", "²": "2", "³": "3", ᵀ: "T", "⁻": "-" };

/**
 * A quantity's name in one form, whether written in LaTeX or Unicode:
 * "\partial y / \partial b^{(1)}" and "∂y/∂b⁽¹⁾" both give "∂y/∂b(1)".
 */
export function quantityKey(name: string): string {
  return name
    .replace(/\\partial/g, "∂")
    .replace(/\\top/g, "T")
    .replace(/[⁽⁾⁰¹²³ᵀ⁻]/g, (c) => SUPERSCRIPTS[c])
    .replace(/[\s{}^$\\]/g, "")
    .replace(/[.,;:]+$/, "");
}

/** The quantity a part asks for: the first formula of its prompt, as quantityKey writes it; null when the prompt has none. */
export function promptQuantity(prompt: string): string | null {
  const math = /\$([^$]+)\$/.exec(prompt);
  return math ? quantityKey(math[1]) : null;
}

/** The values a text states ("= ½", "is 0"), each with what stands before it, as quantityKey writes it. */
export function statedNumbers(text: string): { value: number; about: string }[] {
  const values: { value: number; about: string }[] = [];
  for (const match of text.matchAll(STATED)) {
    if (isWholeTerm(text.slice(match.index + match[0].length)))
      values.push({ value: numberValue(match[2], match[3]), about: quantityKey(match[1]) });
  }
  return values;
}

/** Values a text states for all sorts of reasons (σ(0), a premise, a count): they answer a part only when stated about its quantity. */
const isCommonValue = (value: number) => value === 0 || Math.abs(value) === 1;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

const numbersIn = (value: Json): number[] => (Array.isArray(value) ? value.flatMap(numbersIn) : typeof value === "number" ? [value] : []);
const isNumberMatrix = (value: Json): boolean =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((row) => (Array.isArray(row) ? row.every((x) => typeof x === "number") : typeof row === "number"));

/** Spaces dropped, Unicode minus, times and ℓ read as ASCII, so that "y − t" matches "y - t". */
const normalise = (text: string) => text.replace(/[−–]/g, "-").replace(/[·×]/g, "*").replace(/ℓ/g, "l").replace(/\s+/g, "");

export interface AnswerForms {
  /** The part's reference, as buildVariant computes it. */
  reference: Json;
  /** The quantity the part asks for (promptQuantity). */
  quantity?: string | null;
  /** What a student may type or read for it: sample correct answers, the right option's text. */
  written?: string[];
}

/** Why `text` gives the answer away, or null when it does not. */
export function givesAwayAnswer(text: string, answer: AnswerForms): string | null {
  const { reference } = answer;
  const numbers = numbersIn(reference);
  if (typeof reference === "number" || (isNumberMatrix(reference) && numbers.length > 0)) {
    const common = numbers.every((n) => close(n, numbers[0])) ? numbers[0] : null;
    const stated = statedNumbers(text).find(
      ({ value, about }) => common !== null && close(value, common) && (!isCommonValue(common) || about === answer.quantity),
    );
    if (stated !== undefined) return `it states ${stated.about} = ${stated.value}`;
    for (const match of text.matchAll(ANY_NUMBER)) {
      const printed = match[0];
      if (printed.replace(/^0\.0*/, "").replace(".", "").length < 3 || !isWholeTerm(text.slice(match.index + printed.length))) continue;
      const decimals = printed.includes(".") ? printed.split(".")[1].length : 0;
      const value = Number(printed);
      if (numbers.some((n) => close(Math.abs(Number(n.toFixed(decimals))), value))) return `it prints ${printed}, an entry of the answer`;
    }
    // A list of numbers may be a shape too: read on.
    if (!Array.isArray(reference) || reference.some(Array.isArray)) return null;
  }
  if (Array.isArray(reference) && reference.length >= 2 && reference.every((x) => typeof x === "number" || typeof x === "string")) {
    const flat = normalise(text);
    const forms = [`(${reference.join(",")})`, reference.join("*"), JSON.stringify(reference)].map(normalise);
    const form = forms.find((candidate) => flat.includes(candidate));
    return form ? `it writes the shape ${form}` : null;
  }
  const written = [...(typeof reference === "string" ? [reference] : []), ...(answer.written ?? [])]
    .map(normalise)
    .filter((form) => form.length >= 5);
  const form = written.find((candidate) => normalise(text).includes(candidate));
  return form ? `it contains ${form}` : null;
}
