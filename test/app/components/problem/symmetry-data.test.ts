import { chartRows, readSymmetryTrajectories } from "@/app/components/problem/symmetry-data";
import { getBankProblem } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";

describe("the zero-init plot's data", () => {
  it("reads the trajectories the zero-init variant carries, one value per hidden unit per step", () => {
    const variant = buildVariant(getBankProblem("zero-init"), 0);
    const h = variant.public.params.find((param) => param.name === "h")?.display.value;
    // Before (c) and (d) are settled: the random start's run only.
    const before = readSymmetryTrajectories(variant.public.extras);
    expect(before?.grouped).toBeUndefined();
    expect(before!.random[0]).toHaveLength(h as number);
    // Once settled, the server sends the held extra in its place.
    const after = readSymmetryTrajectories({
      ...variant.public.extras,
      symmetryTrajectories: variant.heldExtras.symmetryTrajectories.value,
    });
    expect(after!.grouped![0]).toHaveLength(h as number);
    expect(after!.random).toHaveLength(after!.grouped!.length);
  });

  it("ignores extras of another form rather than drawing nonsense", () => {
    expect(readSymmetryTrajectories({})).toBeNull();
    expect(readSymmetryTrajectories({ symmetryTrajectories: { grouped: [[0, 0], [1]], random: [[0, 0]] } })).toBeNull();
    expect(readSymmetryTrajectories({ symmetryTrajectories: { grouped: "x", random: [] } })).toBeNull();
  });

  it("makes one chart row per step, with step 0 the starting weights", () => {
    expect(
      chartRows([
        [0, 0],
        [0.5, -0.25],
      ]),
    ).toEqual([
      { step: 0, unit1: 0, unit2: 0 },
      { step: 1, unit1: 0.5, unit2: -0.25 },
    ]);
  });
});
