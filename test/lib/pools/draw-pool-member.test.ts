import { drawPoolMember, pickPoolMember } from "@/lib/pools/draw-pool-member";

describe("drawing a pool member", () => {
  it("gives the same student the same member of the same placement every time", () => {
    const first = drawPoolMember("user-1", "placement-1", 3);
    for (let i = 0; i < 5; i++) expect(drawPoolMember("user-1", "placement-1", 3)).toBe(first);
  });

  it("spreads 600 students roughly evenly over a pool of three (each member 200 ± 30)", () => {
    // 200 expected per member; the binomial's standard deviation is about 11.5, so ±30 is over 2.5 of them.
    const counts = [0, 0, 0];
    for (let i = 0; i < 600; i++) counts[drawPoolMember(`student-${i}`, "placement-x", 3)]++;
    for (const count of counts) expect(Math.abs(count - 200)).toBeLessThanOrEqual(30);
  });

  it("draws anew per placement, so a student's members in two pools are independent", () => {
    let same = 0;
    for (let i = 0; i < 200; i++) if (drawPoolMember(`s-${i}`, "p-1", 2) === drawPoolMember(`s-${i}`, "p-2", 2)) same++;
    // Independent fair coins agree half the time: 100 ± 30 of 200.
    expect(Math.abs(same - 100)).toBeLessThanOrEqual(30);
  });

  it("gives neighbours different members: of 200 students side by side, each member goes to some", () => {
    const drawn = new Set(Array.from({ length: 200 }, (_, i) => drawPoolMember(`seat-${i}`, "exam-q1", 4)));
    expect([...drawn].sort()).toEqual([0, 1, 2, 3]);
  });

  it("gives a placement that is no pool its one problem, and refuses an empty pool", () => {
    expect(pickPoolMember("anyone", "p", ["only"])).toBe("only");
    expect(() => drawPoolMember("anyone", "p", 0)).toThrow(RangeError);
  });
});
