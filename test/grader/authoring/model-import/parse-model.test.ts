import { MODEL_IMPORT_LIMITS, ModelImportErrorCode, parseInputShape, parseModel } from "@/grader/authoring/model-import";
import { importErrorOf } from "./import-error";

const calls = (text: string) => parseModel(text).map((layer) => layer.call);

/** What print(model) shows for a small CNN in PyTorch 2.x. */
const PRINTED = `Net(
  (features): Sequential(
    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  )
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (classifier): Linear(in_features=4096, out_features=10, bias=True)
)`;

describe("parseModel", () => {
  it("reads an nn.Sequential expression with prefixes, positional and keyword arguments, tuples, comments and trailing commas", () => {
    const text = `model = torch.nn.Sequential(
      nn.Conv2d(3, 16, (3, 3), stride=2, padding=(1, 1)),  # the stem
      ReLU(),
      nn.Linear(in_features=16, out_features=4, bias=False,),
    )`;
    expect(calls(text)).toEqual([
      { name: "Conv2d", args: [3, 16, [3, 3]], kwargs: { stride: 2, padding: [1, 1] } },
      { name: "ReLU", args: [], kwargs: {} },
      { name: "Linear", args: [], kwargs: { in_features: 16, out_features: 4, bias: false } },
    ]);
  });

  it("reads print(model) output: children in printed order, containers flattened, negative numbers and booleans", () => {
    expect(calls(PRINTED)).toEqual([
      { name: "Conv2d", args: [3, 16], kwargs: { kernel_size: [3, 3], stride: [1, 1], padding: [1, 1] } },
      { name: "ReLU", args: [], kwargs: { inplace: true } },
      { name: "MaxPool2d", args: [], kwargs: { kernel_size: 2, stride: 2, padding: 0, dilation: 1, ceil_mode: false } },
      { name: "Flatten", args: [], kwargs: { start_dim: 1, end_dim: -1 } },
      { name: "Linear", args: [], kwargs: { in_features: 4096, out_features: 10, bias: true } },
    ]);
  });

  it("flattens nested Sequentials and an OrderedDict in order, and expands a printed `(0-2): 3 x Layer` repeat", () => {
    const nested = "nn.Sequential(nn.Sequential(nn.Tanh(), nn.Sequential(nn.ReLU())), nn.Sigmoid())";
    expect(calls(nested).map((call) => call.name)).toEqual(["Tanh", "ReLU", "Sigmoid"]);
    const ordered = "nn.Sequential(OrderedDict([('act', nn.ReLU()), ('out', nn.Linear(4, 2))]))";
    expect(calls(ordered).map((call) => call.name)).toEqual(["ReLU", "Linear"]);
    const repeated =
      "MLP(\n  (layers): ModuleList(\n    (0-2): 3 x Linear(in_features=8, out_features=8, bias=True)\n  )\n  (act): ReLU()\n)";
    expect(calls(repeated).map((call) => call.name)).toEqual(["Linear", "Linear", "Linear", "ReLU"]);
  });

  it("keeps the position of each layer's call, line and column from 1", () => {
    expect(parseModel(PRINTED).map((layer) => layer.position)).toEqual([
      { line: 3, column: 10 },
      { line: 4, column: 10 },
      { line: 5, column: 10 },
      { line: 7, column: 14 },
      { line: 8, column: 17 },
    ]);
  });

  it("multiplies out arithmetic of numbers, as in nn.Linear(16 * 5 * 5, 120), and refuses a name in it", () => {
    expect(calls("nn.Linear(16 * 5 * 5, (100 + 20) // 1 - 0, p=1 / 2)")).toEqual([
      { name: "Linear", args: [400, 120], kwargs: { p: 0.5 } },
    ]);
    expect(calls("nn.Linear(2 * (3 + 1), 33 // 2)")[0].args).toEqual([8, 16]);
    const named = importErrorOf(() => parseModel("nn.Linear(hidden * 2, 4)"));
    expect([named.position, named.message]).toEqual([
      { line: 1, column: 18 },
      "line 1, column 18: “*” joins numbers only: write the value as a number",
    ]);
    expect(importErrorOf(() => parseModel("nn.Linear(1 // 0, 4)")).message).toContain("this arithmetic has no finite result");
  });

  it("reads __import__('os') and os.system as calls to unknown names, never running them", () => {
    expect(calls("nn.Sequential(__import__('os'), os.system('rm -rf /'))")).toEqual([
      { name: "__import__", args: ["os"], kwargs: {} },
      { name: "os.system", args: ["rm -rf /"], kwargs: {} },
    ]);
  });

  it.each([
    ["nn.Sequential(nn.ReLU()", 1, 24, "expected “,” or “)”, found the end of the text"],
    ["nn.Sequential(nn.ReLU()))", 1, 25, "expected the end of the model"],
    ["nn.Linear(3, 4 5)", 1, 16, "expected “,” or “)”, found “5”"],
    [
      "nn.Sequential(\n  nn.Linear(3, int(4)))",
      2,
      16,
      "expected a number, True, False, None, a string or a tuple as an argument of Linear",
    ],
    ["nn.Linear(in_features=3, 4)", 1, 26, "expected a keyword argument (name=value): positional arguments come first"],
    ["nn.Linear(3, 4; x)", 1, 15, "unexpected character “;”"],
    ["nn.Linear(3, 'four)", 1, 14, "a string that is never closed"],
    ["nn.Sequential(nn.ReLU(), 3)", 1, 1, "expected a layer such as nn.ReLU() among Sequential's arguments, found 3"],
    ["Net(\n  (0) Conv2d(1, 2, 3)\n)", 2, 7, "expected “:” after the child's name, found “Conv2d”"],
    ["nn.Linear(bias=True, bias=False)", 1, 22, "the argument bias is given twice"],
    ["42", 1, 1, "expected a model such as nn.Sequential(...)"],
    ["", 1, 1, "expected a value"],
  ])("refuses %j at line %i, column %i: %s", (text, line, column, message) => {
    const error = importErrorOf(() => parseModel(text));
    expect(error.code).toBe(ModelImportErrorCode.InvalidSyntax);
    expect(error.position).toEqual({ line, column });
    expect(error.message).toContain(message);
  });

  it("refuses a model with no layers", () => {
    expect(importErrorOf(() => parseModel("nn.Sequential()")).message).toContain("the model has no layers");
  });

  describe("hostile input", () => {
    it("refuses brackets nested deeper than the limit at once, without recursing through them", () => {
      const deep = "nn.Sequential(".repeat(100_000) + "nn.ReLU()" + ")".repeat(100_000);
      const started = Date.now();
      const error = importErrorOf(() => parseModel(deep.slice(0, MODEL_IMPORT_LIMITS.maxTextLength)));
      expect(error.code).toBe(ModelImportErrorCode.TooLarge);
      expect(error.message).toContain(`nested more than ${MODEL_IMPORT_LIMITS.maxNesting} deep`);
      expect(error.position).toEqual({ line: 1, column: 14 * MODEL_IMPORT_LIMITS.maxNesting + 14 });
      const tuples = "nn.Linear(" + "(".repeat(40) + "1" + ")".repeat(40) + ", 2)";
      expect(importErrorOf(() => parseModel(tuples)).code).toBe(ModelImportErrorCode.TooLarge);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it("refuses 1 MB of text before reading any of it", () => {
      const huge = "nn.Sequential(" + "nn.ReLU(), ".repeat(100_000) + ")";
      expect(huge.length).toBeGreaterThan(1_000_000);
      const error = importErrorOf(() => parseModel(huge));
      expect([error.code, error.position]).toEqual([ModelImportErrorCode.TooLarge, null]);
      expect(error.message).toBe(`the model is ${huge.length} characters long; at most ${MODEL_IMPORT_LIMITS.maxTextLength} are read`);
    });

    it("refuses more layers than a problem may have, and a repeat count beyond it", () => {
      const many = "nn.Sequential(" + "nn.ReLU(), ".repeat(MODEL_IMPORT_LIMITS.maxLayers + 1) + ")";
      const error = importErrorOf(() => parseModel(many));
      expect(error.message).toContain(`more than ${MODEL_IMPORT_LIMITS.maxLayers} layers`);
      const repeated = "Net(\n  (0-99999): 100000 x ReLU()\n)";
      expect(importErrorOf(() => parseModel(repeated)).message).toContain("a repeat count is a whole number");
    });

    it("refuses a name longer than the limit and too many tokens", () => {
      const long = "nn.Sequential(" + "A".repeat(MODEL_IMPORT_LIMITS.maxTokenLength + 1) + "())";
      expect(importErrorOf(() => parseModel(long)).message).toContain("longer than");
      const tokens = "nn.Linear(" + "1,".repeat(MODEL_IMPORT_LIMITS.maxTokens) + ")";
      expect(importErrorOf(() => parseModel(tokens.slice(0, MODEL_IMPORT_LIMITS.maxTextLength))).message).toContain(
        `more than ${MODEL_IMPORT_LIMITS.maxTokens}`,
      );
    });
  });
});

describe("parseInputShape", () => {
  it.each([
    ["(1, 3, 32, 32)", [1, 3, 32, 32]],
    ["N, 3, 28, 28", ["N", 3, 28, 28]],
    ["[64, 784]", [64, 784]],
  ])("reads %j", (text, shape) => {
    expect(parseInputShape(text)).toEqual(shape);
  });

  it.each([
    ["(1, 3.5, 32, 32)", "expected a whole number of at least 1 in the input shape, found “3.5”"],
    ["(1, 0, 32)", "expected a whole number of at least 1 in the input shape, found “0”"],
    ["(1, C, 32)", "found “C”"],
    ["(1, 3 32)", "expected “,” in the input shape"],
    ["(32,)", "the input shape has 2 to 4 entries"],
    ["1, 2, 3, 4, 5", "the input shape has 2 to 4 entries"],
  ])("refuses %j", (text, message) => {
    const error = importErrorOf(() => parseInputShape(text));
    expect(error.code).toBe(ModelImportErrorCode.InvalidInputShape);
    expect(error.message).toContain(message);
  });
});
