/**
 * Layers as PyTorch constructor text, and back: pytorchConstructor writes
 * `Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1,
 * padding=1)` (keywords, required arguments and those off their default),
 * and layerFromCall reads a parsed call (positional or keyword, as
 * PyTorch's constructor or print(model) gives it) into a LayerSpec. Both go
 * through signatures.ts. Nothing here parses or runs text: the importer
 * parses, and hands over literals only.
 */
import { AutogradError, AutogradErrorCode } from "../errors";
import type { LayerSpec } from "../layers";
import { LAYER_SIGNATURES, LAYER_TYPES, type ArgumentKind, type ArgumentSignature, type LayerArg } from "./signatures";

export type { LayerArg } from "./signatures";

/** A constructor call as the importer parsed it: `name` without a module prefix (`Conv2d`, not `nn.Conv2d`). */
export interface LayerCall {
  name: string;
  args: readonly LayerArg[];
  kwargs: Readonly<Record<string, LayerArg>>;
}

/** A literal as Python writes it: True, None, 'tanh', (3, 3), (4,), 1e-05. */
export function formatPython(value: LayerArg, kind?: ArgumentKind): string {
  if (value === null) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "string") return `'${value}'`;
  if (typeof value === "number") {
    if ((kind === "float" || kind === "floatOrNone") && Number.isInteger(value)) return `${value}.0`;
    // Python writes small magnitudes with an exponent of at least two digits (1e-05).
    if (value !== 0 && Math.abs(value) < 1e-4) return value.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
    return String(value);
  }
  const items = value.map((item) => formatPython(item));
  return items.length === 1 ? `(${items[0]},)` : `(${items.join(", ")})`;
}

function sameValue(a: LayerArg | undefined, b: LayerArg | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The layers as a Markdown list of their PyTorch constructors, numbered from 1 as handouts number them. */
export function pytorchListing(layers: readonly LayerSpec[]): string[] {
  return layers.map((layer, i) => `${i + 1}. \`${pytorchConstructor(layer)}\``);
}

/** The layer as its PyTorch constructor, keywords in PyTorch's snake_case. */
export function pytorchConstructor(layer: LayerSpec): string {
  const fields = layer as unknown as Record<string, LayerArg | undefined>;
  const parts: string[] = [];
  for (const argument of LAYER_SIGNATURES[layer.type]) {
    if (argument.field === undefined || argument.ignored) continue;
    let value = fields[argument.field];
    const isDefault = value === undefined || sameValue(value, argument.default);
    if (isDefault && !argument.alwaysShown) continue;
    // A None stride stands for the kernel size: the text shows the number it means.
    if (value === undefined || (value === null && argument.defaultFrom !== undefined)) {
      value = argument.defaultFrom === undefined ? argument.default : fields[argument.defaultFrom];
    }
    parts.push(`${argument.python}=${formatPython(value as LayerArg, argument.kind)}`);
  }
  return `${layer.type}(${parts.join(", ")})`;
}

const KIND_TEXT: Record<ArgumentKind, string> = {
  count: "a whole number",
  int: "a whole number",
  intOrNone: "a whole number or None",
  float: "a number",
  floatOrNone: "a number or None",
  bool: "True or False",
  pair: "a whole number or a pair of them",
  pairOrNone: "a whole number, a pair of them, or None",
  padding: "a whole number, a pair of them, 'same' or 'valid'",
  shape: "a whole number or a tuple of them",
  choice: "one of",
};

function isWhole(value: LayerArg): boolean {
  return typeof value === "number" && Number.isInteger(value);
}

function fits(value: LayerArg, argument: ArgumentSignature): boolean {
  const pair = isWhole(value) || (Array.isArray(value) && value.length === 2 && value.every(isWhole));
  switch (argument.kind) {
    case "count":
    case "int":
      return isWhole(value);
    case "intOrNone":
      return value === null || isWhole(value);
    case "float":
      return typeof value === "number";
    case "floatOrNone":
      return value === null || typeof value === "number";
    case "bool":
      return typeof value === "boolean";
    case "pair":
      return pair;
    case "pairOrNone":
      return value === null || pair;
    case "padding":
      return pair || value === "same" || value === "valid";
    case "shape":
      return isWhole(value) || (Array.isArray(value) && value.length > 0 && value.every(isWhole));
    case "choice":
      return typeof value === "string" && (argument.choices ?? []).includes(value);
  }
}

/**
 * print(model) writes kernel_size=(3, 3): an equal pair is kept as its
 * number, so the text written back is `kernel_size=3` and a stride of
 * (1, 1) is the default.
 */
function collapse(value: LayerArg, kind: ArgumentKind): LayerArg {
  const isPair = kind === "pair" || kind === "pairOrNone" || kind === "padding";
  return isPair && Array.isArray(value) && value[0] === value[1] ? value[0] : value;
}

function refuse(message: string, code = AutogradErrorCode.InvalidArgument): AutogradError {
  return new AutogradError(code, message);
}

/**
 * The LayerSpec of a constructor call, PyTorch's defaults applied (a
 * field left out means its default). Refuses, naming what is wrong, an
 * unknown layer, an unknown or repeated argument, a missing required one, a
 * value of the wrong kind, and a value the table cannot model
 * (`Conv2d: padding_mode='reflect' is not supported`). Sizes are checked
 * later, by summarize, against the input that reaches the layer.
 */
export function layerFromCall(call: LayerCall): LayerSpec {
  const { name } = call;
  if (!Object.hasOwn(LAYER_SIGNATURES, name)) {
    throw refuse(
      `unsupported layer ${JSON.stringify(name)}: Chainrule's shape tables know ${LAYER_TYPES.join(", ")}`,
      AutogradErrorCode.UnsupportedLayer,
    );
  }
  const type = name as LayerSpec["type"];
  const signature = LAYER_SIGNATURES[type];
  const names = signature.map((argument) => argument.python).join(", ");
  const positional = signature.filter((argument) => !argument.keywordOnly);
  if (call.args.length > positional.length) {
    throw refuse(`${name} takes at most ${positional.length} positional arguments (${names}), but got ${call.args.length}`);
  }
  const given = new Map<string, LayerArg>();
  call.args.forEach((value, i) => given.set(positional[i].python, value));
  for (const [keyword, value] of Object.entries(call.kwargs)) {
    if (!signature.some((argument) => argument.python === keyword)) {
      throw refuse(`${name}: unknown argument ${JSON.stringify(keyword)} (${name} takes ${names || "no arguments"})`);
    }
    if (given.has(keyword)) throw refuse(`${name}: got multiple values for argument ${JSON.stringify(keyword)}`);
    given.set(keyword, value);
  }

  const spec: Record<string, LayerArg> = { type };
  for (const argument of signature) {
    const value = given.get(argument.python);
    if (value === undefined) {
      if (!("default" in argument)) throw refuse(`${name}: missing required argument ${JSON.stringify(argument.python)}`);
      continue;
    }
    if (argument.field === undefined && !argument.ignored) {
      if (!sameValue(value, argument.default)) {
        throw refuse(`${name}: ${argument.python}=${formatPython(value)} is not supported`, AutogradErrorCode.UnsupportedLayer);
      }
      continue;
    }
    if (!fits(value, argument)) {
      const choices = argument.kind === "choice" ? ` ${(argument.choices ?? []).map((c) => `'${c}'`).join(", ")}` : "";
      throw refuse(`${name}: ${argument.python} must be ${KIND_TEXT[argument.kind]}${choices}, but got ${formatPython(value)}`);
    }
    const kept = collapse(value, argument.kind);
    if (argument.field === undefined || argument.ignored || sameValue(kept, argument.default)) continue;
    spec[argument.field] = kept;
  }
  return spec as unknown as LayerSpec;
}
