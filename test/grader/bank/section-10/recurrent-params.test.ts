import { GOLDEN, grade, reference, variant } from "./support";

type Sizes = { dimensions: { Hin: number; H: number; layers: number } };

describe("recurrent-params (an authored problem document with recurrent layers)", () => {
  const v = variant("recurrent-params", 0);
  const golden = GOLDEN["recurrent-params"];

  it("uses the handout's sizes at seed 0 (10 input features, 20 hidden units, 2 layers) and H_in ≠ H elsewhere", () => {
    expect(v.params).toMatchObject({ dimensions: { Hin: 10, H: 20, layers: 2 } });
    for (let seed = 1; seed < 50; seed++) {
      const { Hin, H, layers } = (variant("recurrent-params", seed).params as Sizes).dimensions;
      expect(Hin).not.toBe(H);
      expect([2, 3]).toContain(layers);
    }
  });

  it("shows each layer as PyTorch's constructor text", () => {
    const shown = v.public.params.map((param) => (param.display.kind === "text" ? param.display.value : null)).filter(Boolean);
    expect(shown).toEqual([
      "RNN(input_size=10, hidden_size=20, batch_first=True)",
      "LSTM(input_size=10, hidden_size=20, batch_first=True)",
      "GRU(input_size=10, hidden_size=20, batch_first=True)",
      "LSTM(input_size=10, hidden_size=20, num_layers=2, batch_first=True, bidirectional=True)",
    ]);
  });

  it("counts the parameters of RNN, LSTM, GRU and the stacked bidirectional LSTM at seed 0 as PyTorch's modules have them", () => {
    expect(reference(v, "a.rnn")).toBe(golden.rnn);
    expect(reference(v, "a.lstm")).toBe(golden.lstm);
    expect(reference(v, "a.gru")).toBe(golden.gru);
    expect(reference(v, "b.params")).toBe(golden.stacked);
    expect(reference(v, "b.features")).toBe(golden.stackedFeatures);
  });

  it("accepts a count left as a sum of products, and refuses one off by one", () => {
    expect(grade(v, "a.lstm", "4*20*10 + 4*20*20 + 2*4*20").score).toBe(1);
    expect(grade(v, "b.features", "2*20").score).toBe(1);
    expect(grade(v, "a.gru", String((golden.gru as number) + 1)).score).toBe(0);
  });

  it("names a single bias vector per gate, no bias, and the wrong number of gates", () => {
    // LSTM(10, 20): W_ih and W_hh are 80×10 and 80×20, so 2400 weights; PyTorch adds 80 + 80 biases.
    expect(grade(v, "a.lstm", "2480")).toMatchObject({ score: 0, result: { mistakeId: "one-bias" } });
    expect(grade(v, "a.lstm", "2400")).toMatchObject({ score: 0, result: { mistakeId: "no-bias" } });
    expect(grade(v, "a.gru", String(golden.lstm)).feedback).toMatch(/GRU has three blocks/);
  });

  it("names an upper layer reading H features, a single direction, and one direction's features in (b)", () => {
    // Layer 1: 2 directions × (80·10 + 80·20 + 160) = 5120; an upper layer reading 2H = 40: 2 × (80·40 + 80·20 + 160) = 9920.
    expect(5120 + 9920).toBe(golden.stacked);
    expect(grade(v, "b.params", String(5120 + 2 * (80 * 20 + 80 * 20 + 160)))).toMatchObject({
      score: 0,
      result: { mistakeId: "upper-reads-h" },
    });
    expect(grade(v, "b.params", String(2560 + 4 * 20 * 20 + 4 * 20 * 20 + 160))).toMatchObject({
      score: 0,
      result: { mistakeId: "one-direction" },
    });
    expect(grade(v, "b.features", "20").feedback).toMatch(/concatenated/);
    expect(grade(v, "b.features", "80").feedback).toMatch(/only the top layer/);
  });
});
