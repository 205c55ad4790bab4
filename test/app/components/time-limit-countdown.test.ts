import { announcementAt, formatRemaining } from "@/app/components/time-limit-countdown";

describe("the time-limit countdown", () => {
  it("shows minutes and seconds, and hours when there are any", () => {
    expect(formatRemaining(0)).toBe("0:00");
    expect(formatRemaining(65)).toBe("1:05");
    expect(formatRemaining(3 * 3600 + 2 * 60 + 9)).toBe("3:02:09");
  });

  it("announces only a few thresholds and the end, not every second", () => {
    const said = Array.from({ length: 40 * 60 + 1 }, (_, i) => announcementAt(40 * 60 - i)).filter((text) => text !== null);
    expect([...new Set(said)]).toEqual([
      "30 minutes left.",
      "10 minutes left.",
      "5 minutes left.",
      "1 minute left.",
      "Your time is up. Submissions are no longer accepted.",
    ]);
  });
});
