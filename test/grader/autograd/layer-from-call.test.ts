import { AutogradError, AutogradErrorCode, layerFromCall, pytorchConstructor, summarize, type LayerSpec } from "../../../grader/autograd";
import { loadFixture } from "./golden";
import { parseCall } from "./python-call";

interface LayerStack {
  name: string;
  inputShape: number[];
  layers: LayerSpec[];
  constructors: string[];
  rows: { outputShape: number[]; params: number; buffers: number; printed: string | null }[];
  error: { layer: number; message: string } | null;
}

const { stacks } = loadFixture<{ stacks: LayerStack[] }>("summarize_layers.json");

/** Every layer PyTorch ran, with the input that reached it and its row. */
const ranLayers = stacks.flatMap((stack) =>
  stack.rows.map((row, i) => ({
    name: `${stack.name}, layer ${i}`,
    stack: stack.name,
    layer: stack.layers[i],
    text: stack.constructors[i],
    input: i === 0 ? stack.inputShape : stack.rows[i - 1].outputShape,
    row,
  })),
);

const rowOf = (input: number[], layer: LayerSpec) => {
  const [{ outputShape, params, buffers }] = summarize(input, [layer]);
  return { outputShape, params, buffers };
};

/** nn.AvgPool2d's print shows kernel_size, stride and padding only: its ceil_mode is lost. */
const LOSSY_PRINTS = new Set(["AvgPool2d with padding and ceil mode, layer 0"]);

describe("layerFromCall reads the engine's constructor text back to the layer PyTorch ran", () => {
  it.each(ranLayers.map((l) => [l.name, l] as const))("%s", (_name, { layer, text, input, row }) => {
    const read = layerFromCall(parseCall(text));
    // Reading is a fixed point: the text of what was read reads back to it.
    expect(layerFromCall(parseCall(pytorchConstructor(read)))).toEqual(read);
    expect(rowOf(input, read)).toEqual({ outputShape: row.outputShape, params: row.params, buffers: row.buffers });
    expect(rowOf(input, read)).toEqual(rowOf(input, layer));
  });
});

describe("layerFromCall reads print(model)'s text of every layer PyTorch ran", () => {
  const printed = ranLayers.filter((l) => l.row.printed !== null && !LOSSY_PRINTS.has(l.name));
  it.each(printed.map((l) => [l.row.printed!, l] as const))("%s", (_text, { input, row }) => {
    expect(rowOf(input, layerFromCall(parseCall(row.printed!)))).toEqual({
      outputShape: row.outputShape,
      params: row.params,
      buffers: row.buffers,
    });
  });

  it("reads AvgPool2d's print without the ceil_mode it leaves out", () => {
    const lossy = ranLayers.find((l) => LOSSY_PRINTS.has(l.name))!;
    expect(lossy.row.printed).toBe("AvgPool2d(kernel_size=3, stride=2, padding=1)");
    expect(layerFromCall(parseCall(lossy.row.printed!))).toEqual({ type: "AvgPool2d", kernelSize: 3, stride: 2, padding: 1 });
  });
});

describe("layerFromCall maps arguments as PyTorch does", () => {
  it("takes positional arguments in PyTorch's order, RNN's nonlinearity fourth", () => {
    expect(layerFromCall({ name: "RNN", args: [10, 20, 2, "relu"], kwargs: {} })).toEqual({
      type: "RNN",
      inputSize: 10,
      hiddenSize: 20,
      numLayers: 2,
      nonlinearity: "relu",
    });
  });

  it("leaves out arguments at their default and keeps an equal pair as one number", () => {
    const call = parseCall(
      "Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1), dilation=(1, 1), padding_mode='zeros', bias=True)",
    );
    expect(layerFromCall(call)).toEqual({ type: "Conv2d", inChannels: 3, outChannels: 16, kernelSize: 3, padding: 1 });
  });

  it("accepts inplace and drops it, since it changes no shape", () => {
    expect(layerFromCall(parseCall("ReLU(inplace=True)"))).toEqual({ type: "ReLU" });
    expect(layerFromCall(parseCall("Dropout(p=0.25, inplace=True)"))).toEqual({ type: "Dropout", p: 0.25 });
  });

  it("reads BatchNorm2d's keyword-only bias and a None momentum", () => {
    expect(layerFromCall(parseCall("BatchNorm2d(8, momentum=None, bias=False)"))).toEqual({
      type: "BatchNorm2d",
      numFeatures: 8,
      momentum: null,
      bias: false,
    });
  });
});

describe("layerFromCall refusals", () => {
  const refusal = (text: string): AutogradError => {
    try {
      layerFromCall(parseCall(text));
    } catch (error) {
      return error as AutogradError;
    }
    throw new Error(`${text} was accepted`);
  };

  it("names an unsupported layer and the layers it knows", () => {
    const error = refusal("Upsample(scale_factor=2)");
    expect(error.code).toBe(AutogradErrorCode.UnsupportedLayer);
    expect(error.message).toMatch(
      /^unsupported layer "Upsample": Chainrule's shape tables know Conv2d, ConvTranspose2d, .*LSTM.*TransformerEncoderLayer/,
    );
  });

  it("names an unmodelled value", () => {
    const error = refusal("Conv2d(3, 8, 3, padding_mode='reflect')");
    expect(error.code).toBe(AutogradErrorCode.UnsupportedLayer);
    expect(error.message).toBe("Conv2d: padding_mode='reflect' is not supported");
    expect(refusal("LSTM(10, 20, proj_size=5)").message).toBe("LSTM: proj_size=5 is not supported");
    expect(refusal("MaxPool2d(2, return_indices=True)").message).toBe("MaxPool2d: return_indices=True is not supported");
  });

  it("names an unknown argument and the ones the layer takes", () => {
    expect(refusal("Linear(3, 4, bias=True, weight_init='x')").message).toBe(
      'Linear: unknown argument "weight_init" (Linear takes in_features, out_features, bias, device, dtype)',
    );
  });

  it("refuses a missing required argument, a repeated one, and too many positional ones", () => {
    expect(refusal("Conv2d(3, 8)").message).toBe('Conv2d: missing required argument "kernel_size"');
    expect(refusal("Linear(3, 4, in_features=3)").message).toBe('Linear: got multiple values for argument "in_features"');
    expect(refusal("Dropout(0.5, False, 1)").message).toMatch(/^Dropout takes at most 2 positional arguments \(p, inplace\), but got 3/);
  });

  it("refuses BatchNorm2d's bias given by position, since PyTorch takes it by keyword only", () => {
    expect(refusal("BatchNorm2d(8, 1e-05, 0.1, True, True, None, None, False)").message).toMatch(/at most 7 positional arguments/);
  });

  it("refuses a value of the wrong kind, naming what it must be", () => {
    expect(refusal("Conv2d(3, 8, kernel_size=(3, 3, 3))").message).toBe(
      "Conv2d: kernel_size must be a whole number or a pair of them, but got (3, 3, 3)",
    );
    expect(refusal("GELU(approximate='fast')").message).toBe("GELU: approximate must be one of 'none', 'tanh', but got 'fast'");
    expect(refusal("Linear(3.5, 4)").message).toBe("Linear: in_features must be a whole number, but got 3.5");
  });
});
