/**
 * `{{placeholders}}` in statements and prompts: the variant's values,
 * written into the Markdown. Templates are parsed once, when the document
 * is compiled, so an unknown name is an author's error with its path, and
 * rendering is only lookups in the variant's own maps: a placeholder can
 * name a declared quantity and nothing else (no property access, no call).
 *
 *   {{d}}             a dimension's size: 4
 *   {{W0}}            a variable or definition: a LaTeX bmatrix
 *                     (\begin{bmatrix} 1 & 2 \\ 3 & 4 \end{bmatrix}),
 *                     or the number itself for a 1×1 (in any format); write it inside $…$
 *   {{W0 | numpy}}    np.array([[1, 2], [3, 4]])   (also: matlab → [1 2; 3 4])
 *   {{cnn}}           a network's layers as a numbered list of PyTorch constructors
 *   {{cnn.3}}         layer 3's constructor: Conv2d(in_channels=…, …)
 *   {{cnn.input}}     the input shape: (N, 3, 64, 64)
 */
import { formatNumber, latexMatrix, matlabLiteral, numpyLiteral, shapeTuple } from "../variant-tools/format";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { networkListing, pytorchConstructor, type ResolvedNetwork } from "./networks";

export type PlaceholderFormat = "latex" | "numpy" | "matlab";

export interface Placeholder {
  name: string;
  /** For a network: a layer (from 1) or its input. */
  member?: number | "input";
  format: PlaceholderFormat;
}

export type TemplateSegment = string | Placeholder;

/** What a name is, for checking a template: undefined when the document does not declare it. */
export interface TemplateScope {
  kindOf(name: string): "dimension" | "quantity" | "network" | undefined;
  networkLayers(name: string): number;
}

/** What a variant supplies for rendering. */
export interface TemplateValues {
  dimension(name: string): number;
  /** A variable's or definition's value, as rows. */
  rows(name: string): number[][];
  network(name: string): ResolvedNetwork;
}

const PLACEHOLDER = /\{\{([^{}]*)\}\}/g;
const INNER = /^\s*(\p{L}[\p{L}\p{N}_]*)(?:\.(\d+|input))?\s*(?:\|\s*([a-z]+)\s*)?$/u;
const FORMATS: readonly PlaceholderFormat[] = ["latex", "numpy", "matlab"];

export function parseTemplate(text: string, path: DocumentPath, scope: TemplateScope): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let last = 0;
  for (const match of text.matchAll(PLACEHOLDER)) {
    segments.push(text.slice(last, match.index));
    last = match.index + match[0].length;
    segments.push(parsePlaceholder(match[0], match[1], path, scope));
  }
  segments.push(text.slice(last));
  return segments.filter((segment) => segment !== "");
}

function parsePlaceholder(whole: string, inner: string, path: DocumentPath, scope: TemplateScope): Placeholder {
  const fail = (code: DocumentErrorCode, message: string): never => {
    throw new DocumentError(code, path, `${whole}: ${message}`);
  };
  const match = INNER.exec(inner);
  if (!match)
    return fail(DocumentErrorCode.InvalidField, "a placeholder is {{name}}, {{name | format}}, {{network.3}} or {{network.input}}");
  const [, name, member, format = "latex"] = match;
  const kind = Object.hasOwn(Object.prototype, name) ? undefined : scope.kindOf(name);
  if (kind === undefined)
    return fail(DocumentErrorCode.UnknownName, `${name} is not a dimension, variable, definition or network of this problem`);
  if (!FORMATS.includes(format as PlaceholderFormat))
    return fail(DocumentErrorCode.InvalidField, `unknown format ${format}; use ${FORMATS.join(", ")}`);
  if (member !== undefined) {
    if (kind !== "network") return fail(DocumentErrorCode.InvalidField, `only a network has members such as .3 or .input`);
    if (member !== "input" && (Number(member) < 1 || Number(member) > scope.networkLayers(name))) {
      return fail(DocumentErrorCode.InvalidField, `${name} has layers 1 to ${scope.networkLayers(name)}`);
    }
    return { name, member: member === "input" ? "input" : Number(member), format: format as PlaceholderFormat };
  }
  return { name, format: format as PlaceholderFormat };
}

export function renderTemplate(segments: readonly TemplateSegment[], values: TemplateValues, scope: TemplateScope): string {
  return segments.map((segment) => (typeof segment === "string" ? segment : renderPlaceholder(segment, values, scope))).join("");
}

function renderPlaceholder(placeholder: Placeholder, values: TemplateValues, scope: TemplateScope): string {
  const kind = scope.kindOf(placeholder.name);
  if (kind === "dimension") return String(values.dimension(placeholder.name));
  if (kind === "network") {
    const network = values.network(placeholder.name);
    if (placeholder.member === undefined) return networkListing(network);
    if (placeholder.member === "input") return shapeTuple(network.inputShape);
    return pytorchConstructor(network.layers[placeholder.member - 1]);
  }
  const rows = values.rows(placeholder.name);
  // A 1×1 is a number in every form: what a student reads and types.
  if (rows.length === 1 && rows[0].length === 1) return formatNumber(rows[0][0]);
  switch (placeholder.format) {
    case "latex":
      return latexMatrix(rows);
    case "numpy":
      return numpyLiteral(rows);
    case "matlab":
      return matlabLiteral(rows);
  }
}
