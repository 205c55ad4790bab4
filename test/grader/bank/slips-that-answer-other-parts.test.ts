import { BANK } from "@/grader/bank";
import { buildVariant, gradePart, type Variant } from "@/grader/problems";

// A known mistake is often another part's right answer: the slip is to answer
// the neighbouring question (the Jacobian with respect to vec(W) where W was
// asked). Its message then must explain the slip without saying whose answer
// it is ("that is layer norm's"), or it gives that part away to a student who
// has not answered it. Which messages are such is read by a person, so the
// list below is what was read: a new pair fails here until its message has
// been read and the pair added.
const REVIEWED = [
  "batch-norm c.xhat layer-norm → e.ln",
  "batch-norm e.ln batch-norm → c.xhat",
  "batch-norm f.bn-shape per-example → f.ln-shape",
  "batch-norm f.ln-shape per-channel → f.bn-shape",
  "batch-norm g.buffers no-batch-counter → g.params",
  "chain-rule b.shape flattened → b.vec",
  "cnn-shapes a.4 ignored-stride → a.2",
  "cnn-shapes a.4 ignored-stride → a.3",
  "multihead-attention a.key target-length → a.query",
  "multihead-attention a.output heads-not-merged → a.query",
  "multihead-attention a.query heads-not-split-out → a.output",
  "multihead-attention a.query source-length → a.key",
  "multihead-attention a.query source-length → a.value",
  "multihead-attention a.value target-length → a.query",
  "nn-backprop d.db0 missing-sigmoid-derivative → c.dz",
  "recurrent-params a.gru gates-of-lstm → a.lstm",
  "recurrent-params a.lstm gates-of-gru → a.gru",
  "recurrent-params a.rnn gates-of-lstm → a.lstm",
  "residual-gradient b.Jy missing-identity → a.Jf",
  "resnet-block d.block no-shortcut → b.main",
  "resnet-block e.identity first-block → b.main",
  "transformer-encoder-params a.feedforward one-linear → a.attention",
  "zero-init a.z sigma-of-zero → b.db0",
  "zero-init b.db1 common-slip → a.y",
  "zero-init d.symmetry all-equal → b.db1",
  "zero-init d.symmetry same-z → b.db1",
];

/** Every known mistake of the variant (a value, or a formula) whose answer scores 1 on another part. */
function slipsAnsweringOtherParts(variant: Variant): { pair: string; message: string }[] {
  return variant.parts.flatMap((part) => {
    const mistakes = [
      ...part.knownMistakes.map((mistake) => ({ id: mistake.id, answer: mistake.value, message: mistake.message })),
      ...(part.answer.kind === "expression"
        ? part.answer.knownMistakes.map((mistake) => ({ id: mistake.id, answer: mistake.expression, message: mistake.message }))
        : []),
    ];
    return mistakes.flatMap((mistake) =>
      variant.parts
        .filter((other) => other.id !== part.id && gradePart(variant, other.id, mistake.answer as string).score === 1)
        .map((other) => ({ pair: `${variant.public.slug} ${part.id} ${mistake.id} → ${other.id}`, message: mistake.message })),
    );
  });
}

describe("known mistakes that are another part's answer", () => {
  const found = new Map<string, string>();
  for (const { problem } of BANK)
    for (let seed = 0; seed < 3; seed++)
      for (const { pair, message } of slipsAnsweringOtherParts(buildVariant(problem, seed))) found.set(pair, message);

  it("are each one whose message was read and names no other part's answer", () => {
    expect([...found.keys()].sort()).toEqual([...REVIEWED].sort());
  });

  it("no longer say whose answer the slip is in the words that once did (a regression check)", () => {
    for (const [pair, message] of found)
      expect(`${pair}: ${message}`).not.toMatch(
        /(?:layer|batch) ?norm's|which is (?:layer|batch) norm|that is the (?:jacobian|first block)/i,
      );
  });
});
