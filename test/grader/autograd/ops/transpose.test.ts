import { Tensor, tensor } from "../../../../grader/autograd";
import { permuteSwap } from "../../../../grader/autograd/ops/transpose";

/** The value at each output position, found the slow way: the input index with the two coordinates swapped back. */
function swapByCoordinates(data: Float64Array, shape: number[], d0: number, d1: number): Float64Array {
  const outShape = [...shape];
  [outShape[d0], outShape[d1]] = [outShape[d1], outShape[d0]];
  const output = new Float64Array(data.length);
  for (let flat = 0; flat < data.length; flat++) {
    const coordinates: number[] = [];
    let rest = flat;
    for (let d = outShape.length - 1; d >= 0; d--) {
      coordinates[d] = rest % outShape[d];
      rest = Math.floor(rest / outShape[d]);
    }
    [coordinates[d0], coordinates[d1]] = [coordinates[d1], coordinates[d0]];
    const source = coordinates.reduce((index, c, d) => index * shape[d] + c, 0);
    output[flat] = data[source];
  }
  return output;
}

const shapes = [
  [3, 4],
  [2, 16, 4, 16],
  [2, 3, 1, 5],
  [1, 1],
  [2, 3, 4, 5, 2],
  [4, 0, 3],
];

describe("transpose", () => {
  it.each(shapes)("moves every entry where the swapped coordinates say, for each pair of dims of %p", (...shape) => {
    const data = Float64Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i + 0.5);
    for (let d0 = 0; d0 < shape.length; d0++) {
      for (let d1 = 0; d1 < shape.length; d1++) {
        if (d0 === d1) continue;
        expect(permuteSwap(data, shape, d0, d1)).toEqual(swapByCoordinates(data, shape, d0, d1));
      }
    }
  });

  it("gives back the input when the same two dims are swapped twice, and swaps the gradient the same way", () => {
    const x = new Tensor(
      Float64Array.from({ length: 24 }, (_, i) => i),
      [2, 3, 4],
      { requiresGrad: true },
    );
    const y = x.transpose(0, 2);
    expect(y.shape).toEqual([4, 3, 2]);
    expect(Array.from(y.transpose(2, 0).data)).toEqual(Array.from(x.data));
    y.mul(tensor(Array.from({ length: 24 }, (_, i) => i)).reshape([4, 3, 2]))
      .sum()
      .backward();
    expect(Array.from(x.grad!.data)).toEqual(
      Array.from(
        swapByCoordinates(
          Float64Array.from({ length: 24 }, (_, i) => i),
          [4, 3, 2],
          0,
          2,
        ),
      ),
    );
  });
});
