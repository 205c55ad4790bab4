/**
 * The notation corpus: every expression and size-list part of every bank
 * problem, on several seeds. Each correct written form (the part's correct
 * examples, and its reference when it is a formula) is respelled in every
 * accepted notation (notation.ts) and must score 1; respelled in a refused
 * notation it must be invalid with a hint, never graded 0. Every wrong
 * example and known mistake must still be rejected, and no feedback may
 * carry a double full stop or a raw LaTeX subscript.
 */
import { BANK } from "@/grader/bank";
import { parseExpression, type ExprNode } from "@/grader/expr";
import { buildVariant, gradePart, type Variant } from "@/grader/problems";
import type { AnyProblem } from "@/grader/problems/types";

const SEEDS = [0, 1, 2, 7, 31];

/** How one notation writes each construct; operands come already rendered. */
interface Spelling {
  matmul(left: string, right: string): string;
  times(left: string, right: string): string;
  transpose(operand: string): string;
  call(callee: string, args: string[]): string;
  name(name: string): string;
  divide?(left: string, right: string): string;
  minus?: string;
  group?(text: string): string;
}

const indexed = (name: string, write: (letters: string, index: string) => string) => {
  const match = /^([A-Za-z]+)(\d+)$/.exec(name);
  return match ? write(match[1], match[2]) : name;
};
const plainCall = (callee: string, args: string[]) => `${callee}(${args.join(", ")})`;

const ACCEPTED: Record<string, Spelling> = {
  unicode: {
    matmul: (a, b) => `${a} ⋅ ${b}`,
    times: (a, b) => `${a} ⊙ ${b}`,
    transpose: (x) => `${x}ᵀ`,
    call: (f, args) => plainCall(f === "sigmoid" ? "σ" : f, args),
    name: (n) => n,
    minus: "−",
  },
  latex: {
    matmul: (a, b) => `${a} \\cdot ${b}`,
    times: (a, b) => `${a} \\odot ${b}`,
    transpose: (x) => `${x}^\\top`,
    call: (f, args) =>
      f === "sigmoid"
        ? `\\sigma\\left(${args.join(", ")}\\right)`
        : f === "exp"
          ? `\\exp(${args.join(", ")})`
          : `\\operatorname{${f}}(${args.join(", ")})`,
    name: (n) => indexed(n, (letters, index) => `${letters}^{(${index})}`),
    divide: (a, b) => `\\frac{${a}}{${b}}`,
    group: (text) => `\\left(${text}\\right)`,
  },
  "latex-subscripts": {
    matmul: (a, b) => `${a} \\cdot ${b}`,
    times: (a, b) => `${a} \\circ ${b}`,
    transpose: (x) => `${x}^{T}`,
    call: plainCall,
    name: (n) => indexed(n, (letters, index) => `${letters}_{${index}}`),
  },
  numpy: {
    matmul: (a, b) => `np.dot(${a}, ${b})`,
    times: (a, b) => `np.multiply(${a}, ${b})`,
    transpose: (x) => `np.transpose(${x})`,
    call: (f, args) => plainCall(`np.${f}`, args),
    name: (n) => indexed(n, (letters, index) => `${letters}_${index}`),
  },
  methods: {
    matmul: (a, b) => `${a}.dot(${b})`,
    times: (a, b) => `${a} * ${b}`,
    transpose: (x) => `${x}.transpose()`,
    call: (f, args) => plainCall(`torch.${f}`, args),
    name: (n) => n,
  },
  torch: {
    matmul: (a, b) => `torch.matmul(${a}, ${b})`,
    times: (a, b) => `${a}.mul(${b})`,
    transpose: (x) => `${x}.t()`,
    call: (f, args) => plainCall(f, args),
    name: (n) => n,
  },
};

/** Refused notations: the answer must be invalid with a hint (no attempt used), never graded. */
const REFUSED: Record<string, { spelling: Spelling; applies: (source: string) => boolean }> = {
  "implicit product": {
    spelling: { ...ACCEPTED.latex, matmul: (a, b) => `${a} ${b}` },
    applies: (source) => source.includes("@"),
  },
  "e^(…)": {
    spelling: { ...ACCEPTED.unicode, call: (f, args) => (f === "exp" ? `e^(${args.join(", ")})` : ACCEPTED.unicode.call(f, args)) },
    applies: (source) => /\bexp\(/.test(source),
  },
};

/** Writes a tree in a spelling, with every compound operand grouped so that precedence never changes the meaning. */
function respell(node: ExprNode, spelling: Spelling): string {
  const group = spelling.group ?? ((text: string) => `(${text})`);
  const operand = (child: ExprNode) => {
    const text = respell(child, spelling);
    return child.type === "name" || child.type === "number" || child.type === "call" ? text : group(text);
  };
  switch (node.type) {
    case "number":
      return String(node.value);
    case "name":
      return spelling.name(node.name);
    case "negate":
      return `${spelling.minus ?? "-"}${operand(node.operand)}`;
    case "power":
      return `${operand(node.base)} ** ${node.exponent < 0 ? `(${node.exponent})` : node.exponent}`;
    case "transpose":
      return spelling.transpose(operand(node.operand));
    case "call":
      return spelling.call(
        node.callee,
        node.args.map((arg) => respell(arg, spelling)),
      );
    case "binary":
      switch (node.operator) {
        case "@":
          return spelling.matmul(operand(node.left), operand(node.right));
        case "*":
          return spelling.times(operand(node.left), operand(node.right));
        case "/":
          return spelling.divide
            ? spelling.divide(respell(node.left, spelling), respell(node.right, spelling))
            : `${operand(node.left)} / ${operand(node.right)}`;
        default:
          return `${operand(node.left)} ${node.operator === "-" ? (spelling.minus ?? "-") : "+"} ${operand(node.right)}`;
      }
  }
}

interface CorpusPart {
  problem: AnyProblem;
  variant: Variant;
  partId: string;
  kind: string;
  correct: unknown[];
  wrong: unknown[];
  mistakes: { value: unknown; message: string }[];
}

function corpus(): CorpusPart[] {
  const parts: CorpusPart[] = [];
  for (const { problem } of BANK) {
    for (const seed of SEEDS) {
      const variant = buildVariant(problem, seed);
      for (const part of variant.parts) {
        if (!["expression", "shape", "dimensions"].includes(part.answer.kind)) continue;
        const definition = problem.parts.find((candidate: { id: string }) => candidate.id === part.id)!;
        const examples = definition.examples(variant.params);
        // The reference as an answer too, unless it calls what only references may (grad) or what the part forbids.
        const referenceOnly = ["grad", "jacobian", ...(part.answer.kind === "expression" ? part.answer.forbid : [])];
        const reference =
          part.answer.kind === "expression" &&
          typeof part.reference === "string" &&
          !referenceOnly.some((name) => new RegExp(`\\b${name}\\(`).test(part.reference as string))
            ? [part.reference]
            : [];
        const authoredMistakes =
          part.answer.kind === "expression"
            ? part.answer.knownMistakes.map((mistake) => ({ value: mistake.expression, message: mistake.message }))
            : [];
        parts.push({
          problem,
          variant,
          partId: part.id,
          kind: part.answer.kind,
          correct: [...examples.correct, ...reference],
          wrong: examples.wrong,
          mistakes: [...part.knownMistakes.map((mistake) => ({ value: mistake.value, message: mistake.message })), ...authoredMistakes],
        });
      }
    }
  }
  return parts;
}

const CORPUS = corpus();
const EXPRESSION_PARTS = CORPUS.filter((part) => part.kind === "expression");
const SIZE_PARTS = CORPUS.filter((part) => part.kind !== "expression");
const label = (part: CorpusPart) => `${part.problem.slug} ${part.partId} (seed ${part.variant.seed})`;

describe("the corpus", () => {
  it("covers expression and size-list parts of several problems", () => {
    expect(new Set(EXPRESSION_PARTS.map((part) => part.problem.slug)).size).toBeGreaterThanOrEqual(2);
    expect(new Set(SIZE_PARTS.map((part) => part.problem.slug)).size).toBeGreaterThanOrEqual(2);
  });
});

describe("expression parts: a correct formula in every accepted notation scores 1", () => {
  it.each(Object.keys(ACCEPTED))("%s", (notation) => {
    const failures: string[] = [];
    for (const part of EXPRESSION_PARTS) {
      for (const written of part.correct) {
        const text = respell(parseExpression(String(written)).root, ACCEPTED[notation]);
        const result = gradePart(part.variant, part.partId, text);
        if (result.score !== 1) failures.push(`${label(part)}: ${text} → ${result.status} ${result.feedback}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("expression parts: a correct formula in a refused notation is invalid with a hint, never graded", () => {
  it.each(Object.keys(REFUSED))("%s", (notation) => {
    const { spelling, applies } = REFUSED[notation];
    const failures: string[] = [];
    let checked = 0;
    for (const part of EXPRESSION_PARTS) {
      for (const written of part.correct) {
        const tree = parseExpression(String(written)).root;
        if (!applies(String(written))) continue;
        const text = respell(tree, spelling);
        const result = gradePart(part.variant, part.partId, text);
        checked++;
        if (result.status !== "invalid" || !/; write /.test(result.feedback))
          failures.push(`${label(part)}: ${text} → ${result.status} ${result.feedback}`);
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(failures).toEqual([]);
  });
});

describe("expression parts: wrong answers stay wrong", () => {
  it("rejects every wrong example and known mistake, as written and respelled", () => {
    const failures: string[] = [];
    for (const part of EXPRESSION_PARTS) {
      for (const written of [...part.wrong, ...part.mistakes.map((mistake) => mistake.value)]) {
        const forms = [
          String(written),
          ...Object.values(ACCEPTED).map((spelling) => respell(parseExpression(String(written)).root, spelling)),
        ];
        for (const text of forms) {
          const result = gradePart(part.variant, part.partId, text);
          if (result.score !== 0) failures.push(`${label(part)}: ${text} scores ${result.score}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("gives every known mistake its own message, whichever notation it is written in", () => {
    const failures: string[] = [];
    for (const part of EXPRESSION_PARTS) {
      for (const mistake of part.mistakes) {
        for (const spelling of [ACCEPTED.unicode, ACCEPTED.numpy]) {
          const text = respell(parseExpression(String(mistake.value)).root, spelling);
          const result = gradePart(part.variant, part.partId, text);
          if (!result.feedback.startsWith(mistake.message)) failures.push(`${label(part)}: ${text} → ${result.feedback}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});

/** A size as students write it: p*q as (q·p), q⋅p, q \cdot p or qp. */
const SIZE_SPELLINGS: ((size: string) => string)[] = [
  (size) => size,
  (size) => (size.includes("*") ? `(${size.split("*").reverse().join("·")})` : size),
  (size) => size.replace(/\*/g, "⋅"),
  (size) => size.replace(/\*/g, " \\cdot "),
  (size) => (/^[A-Za-z](\*[A-Za-z])+$/.test(size) ? size.replace(/\*/g, "") : size),
];
const LIST_SPELLINGS: ((sizes: string[]) => string)[] = [
  (sizes) => `(${sizes.join(", ")})`,
  (sizes) => `[${sizes.join(", ")}]`,
  (sizes) => sizes.join(" × "),
  (sizes) => sizes.join(" \\times "),
];

describe("shape and dimensions parts", () => {
  it("score 1 in every accepted spelling of the reference", () => {
    const failures: string[] = [];
    for (const part of SIZE_PARTS) {
      const reference = part.variant.parts.find((candidate) => candidate.id === part.partId)!.reference as (string | number)[];
      if (reference.length === 1) continue; // a one-size list needs its brackets and comma: (5,)
      for (const size of SIZE_SPELLINGS) {
        for (const list of LIST_SPELLINGS) {
          const text = list(reference.map((entry) => size(String(entry))));
          const result = gradePart(part.variant, part.partId, text);
          if (result.score !== 1) failures.push(`${label(part)}: ${text} → ${result.status} ${result.feedback}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it("refuse a shape without its batch dimension as invalid with the hint, never graded", () => {
    const failures: string[] = [];
    for (const part of SIZE_PARTS.filter((candidate) => candidate.kind === "shape")) {
      const reference = part.variant.parts.find((candidate) => candidate.id === part.partId)!.reference as (string | number)[];
      if (reference[0] !== "N") continue;
      const text = `(${reference.slice(1).join(", ")}${reference.length === 2 ? "," : ""})`;
      const result = gradePart(part.variant, part.partId, text);
      if (result.status !== "invalid" || !result.feedback.includes("include the batch dimension N"))
        failures.push(`${label(part)}: ${text} → ${result.status} ${result.feedback}`);
    }
    expect(failures).toEqual([]);
  });

  it("reject every known mistake with its message, before any length mismatch", () => {
    const failures: string[] = [];
    for (const part of SIZE_PARTS) {
      for (const mistake of part.mistakes) {
        const text = `(${(mistake.value as (string | number)[]).join(", ")})`;
        const result = gradePart(part.variant, part.partId, text);
        if (result.score !== 0 || result.feedback !== mistake.message) failures.push(`${label(part)}: ${text} → ${result.feedback}`);
      }
      for (const wrong of part.wrong) {
        if (gradePart(part.variant, part.partId, wrong as string).score === 1)
          failures.push(`${label(part)}: ${JSON.stringify(wrong)} scores 1`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("feedback texts", () => {
  it("have no double full stop and no raw LaTeX subscript, over every bank part's wrong answers and mistakes", () => {
    const failures: string[] = [];
    for (const { problem } of BANK) {
      for (const seed of SEEDS) {
        const variant = buildVariant(problem, seed);
        for (const part of variant.parts) {
          const definition = problem.parts.find((candidate: { id: string }) => candidate.id === part.id)!;
          const answers: unknown[] = [...definition.examples(variant.params).wrong, ...part.knownMistakes.map((mistake) => mistake.value)];
          if (part.answer.kind === "choice")
            answers.push(
              ...part.answer.options.map((option) => (part.answer.kind === "choice" && part.answer.multiple ? [option.id] : option.id)),
            );
          for (const answer of answers) {
            const { feedback } = gradePart(variant, part.id, answer as string);
            if (/\.\.(?!\.)|[^.]\.\s*\./.test(feedback) || /(?<![\\$])\b[A-Za-z]_[A-Za-z{]/.test(feedback))
              failures.push(`${problem.slug} ${part.id}: ${feedback}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
