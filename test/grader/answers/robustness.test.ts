/** Nothing a student types makes a parser throw: every failure is a located AnswerError. */
import fc from "fast-check";
import { AnswerError, answerSpecSchema, gradeAnswer, parseAnswer, type AnswerSpec, type RawAnswer } from "../../../grader/answers";
import { nnContext } from "../expr/nn-backprop";

const specs: [AnswerSpec, unknown][] = [
  [answerSpecSchema.parse({ kind: "number" }), 0.5],
  [answerSpecSchema.parse({ kind: "integer" }), 1180224],
  [
    answerSpecSchema.parse({ kind: "matrix" }),
    [
      [1, 2],
      [3, 4],
    ],
  ],
  [answerSpecSchema.parse({ kind: "shape", symbols: ["N"] }), ["N", 16, 64, 64]],
  [answerSpecSchema.parse({ kind: "dimensions", symbols: ["m", "l"] }), ["m", "l"]],
  [
    answerSpecSchema.parse({
      kind: "choice",
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
      ],
    }),
    "a",
  ],
  [answerSpecSchema.parse({ kind: "expression", context: nnContext }), "grad(y, W0)"],
];

const CHARACTERS = [..."0123456789.,;-+*/^()[]{}&\\ \n\txNmlTeσ∘·×"];
const text = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.array(fc.constantFrom(...CHARACTERS), { maxLength: 60 }).map((chars) => chars.join("")),
);
const raw: fc.Arbitrary<RawAnswer> = fc.oneof(
  text,
  fc.double(),
  fc.array(fc.oneof(text, fc.double(), fc.array(fc.oneof(text, fc.double()), { maxLength: 4 })), { maxLength: 4 }),
);

describe.each(specs.map(([spec, reference]) => [spec.kind, spec, reference] as const))(
  "%s answers on random input",
  (_kind, spec, reference) => {
    it("parse into a value or an AnswerError, and grade into a score in [0, 1] or invalid", () => {
      fc.assert(
        fc.property(raw, (input) => {
          const parsed = parseAnswer(spec, input);
          if (!parsed.ok) expect(parsed.error).toBeInstanceOf(AnswerError);
          const result = gradeAnswer(spec, input, reference as never);
          expect(result.score >= 0 && result.score <= 1).toBe(true);
          expect(result.status === "graded" || result.status === "invalid").toBe(true);
        }),
        { numRuns: 400 },
      );
    });
  },
);
