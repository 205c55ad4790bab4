import { toWallClockText, wallClockToInstant, WallClockError } from "@/lib/dates";

const iso = (text: string, zone: string) => wallClockToInstant(text, zone).toISOString();

describe("wallClockToInstant", () => {
  it("reads a winter time in New York as UTC−5 and a summer one as UTC−4", () => {
    expect(iso("2026-12-11T17:00", "America/New_York")).toBe("2026-12-11T22:00:00.000Z");
    expect(iso("2026-07-01T09:15", "America/New_York")).toBe("2026-07-01T13:15:00.000Z");
  });

  it("refuses a time in New York's spring gap, naming the zone", () => {
    // 2026-03-08: clocks go from 02:00 EST straight to 03:00 EDT.
    expect(() => wallClockToInstant("2026-03-08T02:30", "America/New_York")).toThrow(WallClockError);
    expect(() => wallClockToInstant("2026-03-08T02:30", "America/New_York")).toThrow(/does not exist in America\/New_York/);
    expect(iso("2026-03-08T01:59", "America/New_York")).toBe("2026-03-08T06:59:00.000Z");
    expect(iso("2026-03-08T03:00", "America/New_York")).toBe("2026-03-08T07:00:00.000Z");
  });

  it("takes the first of the two instants in New York's autumn overlap", () => {
    // 2026-11-01: 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    expect(iso("2026-11-01T01:30", "America/New_York")).toBe("2026-11-01T05:30:00.000Z");
    expect(iso("2026-11-01T02:00", "America/New_York")).toBe("2026-11-01T07:00:00.000Z");
  });

  it("handles London's gap and overlap the same way", () => {
    // 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT.
    expect(() => wallClockToInstant("2026-03-29T01:30", "Europe/London")).toThrow(/does not exist in Europe\/London/);
    expect(iso("2026-10-25T01:30", "Europe/London")).toBe("2026-10-25T00:30:00.000Z");
    expect(iso("2026-12-11T17:00", "Europe/London")).toBe("2026-12-11T17:00:00.000Z");
  });

  it("uses Kolkata's half-hour offset", () => {
    expect(iso("2026-12-12T03:30", "Asia/Kolkata")).toBe("2026-12-11T22:00:00.000Z");
  });

  it("crosses the date line for Auckland, in its summer (UTC+13) and winter (UTC+12)", () => {
    expect(iso("2026-12-12T11:00", "Pacific/Auckland")).toBe("2026-12-11T22:00:00.000Z");
    expect(iso("2026-07-01T12:00", "Pacific/Auckland")).toBe("2026-07-01T00:00:00.000Z");
    // 2026-09-27: 02:00 NZST → 03:00 NZDT.
    expect(() => wallClockToInstant("2026-09-27T02:30", "Pacific/Auckland")).toThrow(WallClockError);
  });

  it("keeps seconds when given", () => {
    expect(iso("2026-12-11T17:00:30", "UTC")).toBe("2026-12-11T17:00:30.000Z");
  });

  it("refuses text that is not a calendar date and time", () => {
    for (const text of ["2026-02-30T10:00", "2026-12-11 17:00", "2026-12-11T24:00", "tomorrow", "2026-12-11T17:00Z"]) {
      expect(() => wallClockToInstant(text, "UTC")).toThrow(expect.objectContaining({ reason: "MALFORMED" }));
    }
  });
});

describe("toWallClockText", () => {
  it("shows an instant as a datetime-local value in the zone, round-tripping through wallClockToInstant", () => {
    const instant = new Date("2026-12-11T22:00:00Z");
    expect(toWallClockText(instant, "America/New_York")).toBe("2026-12-11T17:00");
    expect(toWallClockText(instant, "Asia/Kolkata")).toBe("2026-12-12T03:30");
    expect(toWallClockText(instant, "Pacific/Auckland")).toBe("2026-12-12T11:00");
    for (const zone of ["America/New_York", "Asia/Kolkata", "Pacific/Auckland", "Europe/London"]) {
      expect(wallClockToInstant(toWallClockText(instant, zone), zone)).toEqual(instant);
    }
  });

  it("shows the second 01:30 of New York's overlap as 01:30 too", () => {
    expect(toWallClockText(new Date("2026-11-01T06:30:00Z"), "America/New_York")).toBe("2026-11-01T01:30");
  });
});
