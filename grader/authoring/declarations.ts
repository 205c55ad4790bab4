/**
 * Checks of a document's declarations that need no expression: every name
 * it uses is declared, and sizes and distributions can give a variant.
 */
import { concreteShape, dimensionBounds } from "./draw";
import { DocumentError, DocumentErrorCode, type DocumentPath } from "./errors";
import { DOCUMENT_LIMITS } from "./limits";
import { layerDimensionNames, SYMBOLIC_INPUT_SIZES } from "./networks";
import type { ProblemDocument } from "./schema";

/** Names in shapes, constraints, networks and the handout must be declared; sizes must stay within the caps. */
export function checkDeclarations(document: ProblemDocument): void {
  const isDimension = (name: string) => Object.hasOwn(document.dimensions, name);
  const requireDimension = (name: string | number, path: DocumentPath) => {
    if (typeof name === "string" && !isDimension(name))
      throw new DocumentError(DocumentErrorCode.UnknownName, path, `${name} is not a dimension of this problem`);
  };
  const largest = Object.fromEntries(
    Object.entries(document.dimensions).map(([name, dimension]) => [name, dimensionBounds(dimension).max]),
  );

  document.constraints.forEach((constraint, i) =>
    constraint.dimensions.forEach((name, j) => requireDimension(name, ["constraints", i, "dimensions", j])),
  );

  for (const [name, variable] of Object.entries(document.variables)) {
    variable.shape.forEach((entry, j) => requireDimension(entry, ["variables", name, "shape", j]));
    const [rows, cols] = concreteShape(variable.shape, largest);
    if (rows * cols > DOCUMENT_LIMITS.maxVariableEntries) {
      throw new DocumentError(
        DocumentErrorCode.TooLarge,
        ["variables", name, "shape"],
        `up to ${rows}×${cols} entries; at most ${DOCUMENT_LIMITS.maxVariableEntries} are allowed`,
      );
    }
    checkDistribution(name, variable);
  }

  for (const [name, network] of Object.entries(document.networks)) {
    // The batch and a sequence length may be symbols such as N and L; every other name is a dimension.
    network.input.forEach((entry, d) => d >= SYMBOLIC_INPUT_SIZES && requireDimension(entry, ["networks", name, "input", d]));
    network.layers.forEach((layer, i) => {
      for (const used of layerDimensionNames(layer)) requireDimension(used.name, ["networks", name, "layers", i, ...used.path]);
    });
  }

  const handout = document.handout;
  if (handout) {
    for (const name of Object.keys(handout.dimensions))
      if (!isDimension(name))
        throw new DocumentError(
          DocumentErrorCode.UnknownName,
          ["handout", "dimensions", name],
          `${name} is not a dimension of this problem`,
        );
    for (const name of Object.keys(handout.variables)) {
      if (!Object.hasOwn(document.variables, name))
        throw new DocumentError(DocumentErrorCode.UnknownName, ["handout", "variables", name], `${name} is not a variable of this problem`);
    }
  }
}

/** A distribution that can never give a nonzero entry would make every draw fail: say so now. */
function checkDistribution(name: string, variable: ProblemDocument["variables"][string]): void {
  if (!variable.nonzero) return;
  const distribution = variable.distribution;
  const half = variable.round === undefined ? 0 : 0.5 / 10 ** variable.round;
  const onlyZero =
    (distribution?.kind === "integers" && distribution.min === 0 && distribution.max === 0) ||
    (distribution?.kind === "uniform" && Math.max(Math.abs(distribution.low), Math.abs(distribution.high)) < half);
  if (onlyZero) {
    throw new DocumentError(
      DocumentErrorCode.InvalidDistribution,
      ["variables", name, "distribution"],
      "every entry it gives is 0 (after rounding), but the variable is nonzero",
    );
  }
}
