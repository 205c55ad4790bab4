/**
 * Shapes in the expression language are always two-dimensional: rows ×
 * columns. A vector in Rⁿ is an n×1 column and a scalar is the 1×1 matrix.
 * A dimension is a number or the name of one of the part's dimensions
 * (`h`, `d`), compared by name before any value is drawn: h×d and d×h differ
 * even when both happen to be 3.
 */
export type Dim = number | string;
export type Shape = readonly [rows: Dim, cols: Dim];

export const SCALAR_SHAPE: Shape = [1, 1];

export function sameShape(a: Shape, b: Shape): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function isScalarShape(shape: Shape): boolean {
  return shape[0] === 1 && shape[1] === 1;
}

export function transposeShape(shape: Shape): Shape {
  return [shape[1], shape[0]];
}

/** `h×d`, `1×h`, `3×1`: the notation of the handout. */
export function formatShape(shape: Shape): string {
  return `${shape[0]}×${shape[1]}`;
}

/** The shape with every named dimension replaced by its drawn value. */
export function concreteShape(shape: Shape, dims: Readonly<Record<string, number>>): [number, number] {
  return [concreteDim(shape[0], dims), concreteDim(shape[1], dims)];
}

function concreteDim(dim: Dim, dims: Readonly<Record<string, number>>): number {
  return typeof dim === "number" ? dim : dims[dim];
}
