import { canonicalTimeZone, courseDateIfKnown, formatCourseDate, formatForViewer, formatForViewerOr, formatInZone } from "@/lib/dates";

const due = "2026-12-11T22:00:00.000Z";

describe("formatting a date for a viewer", () => {
  it("writes the wall clock in the zone with weekday, day, month, year and 24-hour time", () => {
    expect(formatInZone(due, "America/New_York")).toBe("Fri 11 Dec 2026, 17:00");
    expect(formatInZone(due, "Asia/Tokyo")).toBe("Sat 12 Dec 2026, 07:00");
    expect(formatInZone(new Date(due), "Asia/Kolkata")).toBe("Sat 12 Dec 2026, 03:30");
  });

  it("names the course's zone in a course date", () => {
    expect(formatCourseDate(due, "America/New_York")).toBe("Fri 11 Dec 2026, 17:00 America/New_York");
  });

  it("shows the viewer's time with the course's beside it when the clocks differ", () => {
    expect(formatForViewer(due, "America/New_York", "Asia/Tokyo")).toBe(
      "Sat 12 Dec 2026, 07:00 your time (Asia/Tokyo) · Fri 11 Dec 2026, 17:00 America/New_York (course)",
    );
  });

  it("shows the course's time once for a viewer in the course's zone, or whose clock reads the same", () => {
    expect(formatForViewer(due, "America/New_York", "America/New_York")).toBe("Fri 11 Dec 2026, 17:00 America/New_York");
    expect(formatForViewer(due, "America/New_York", "America/Toronto")).toBe("Fri 11 Dec 2026, 17:00 America/New_York");
  });

  it("shows the course's time alone when the viewer's zone is not known yet (the server's render)", () => {
    expect(formatForViewer(due, "Europe/London", null)).toBe("Fri 11 Dec 2026, 22:00 Europe/London");
  });
});

describe("canonicalTimeZone", () => {
  it("accepts IANA names and UTC in their canonical spelling", () => {
    expect(canonicalTimeZone("Europe/London")).toBe("Europe/London");
    expect(canonicalTimeZone("america/new_york")).toBe("America/New_York");
    expect(canonicalTimeZone("UTC")).toBe("UTC");
    expect(canonicalTimeZone("utc")).toBe("UTC");
    // Kept as written, though older ICU data calls it Asia/Calcutta.
    expect(canonicalTimeZone("Asia/Kolkata")).toBe("Asia/Kolkata");
  });

  it("keeps current names that the runtime lists under an old spelling, in the instructor's case-corrected spelling", () => {
    expect(canonicalTimeZone("europe/kyiv")).toBe("Europe/Kyiv");
    expect(canonicalTimeZone("Asia/Ho_Chi_Minh")).toBe("Asia/Ho_Chi_Minh");
  });

  it("refuses abbreviations and fixed offsets that Intl would take, having no daylight-saving rules", () => {
    for (const name of ["EST", "est", "Etc/GMT+5", "GMT", "EST5EDT", "US/Eastern"]) {
      expect(canonicalTimeZone(name)).toBeNull();
    }
  });

  it("refuses unknown names and bare offsets", () => {
    for (const name of ["Mars/Olympus_Mons", "+05:30", "", "Europe/London; DROP", "EST5EDT/../x"]) {
      expect(canonicalTimeZone(name)).toBeNull();
    }
  });
});

describe("formatForViewerOr, where the runtime lacks the course's zone (a browser with older data)", () => {
  const due = "2026-12-11T22:00:00.000Z";

  it("gives the server's text for the course's zone instead of throwing", () => {
    const serverText = "Fri 11 Dec 2026, 15:00 America/Ciudad_Juarez";
    expect(formatForViewerOr(due, "Mars/Olympus_Mons", "Asia/Tokyo", serverText)).toBe(serverText);
    expect(formatForViewerOr(due, "Mars/Olympus_Mons", null, serverText)).toBe(serverText);
  });

  it("gives the time in UTC, saying so, when it has no server text", () => {
    expect(formatForViewerOr(due, "Mars/Olympus_Mons", "Asia/Tokyo")).toBe("Fri 11 Dec 2026, 22:00 UTC");
  });

  it("formats as formatForViewer does where the zone is known", () => {
    expect(formatForViewerOr(due, "Europe/London", "Asia/Tokyo", "unused")).toBe(formatForViewer(due, "Europe/London", "Asia/Tokyo"));
  });

  it("has no course text to hand over for a zone the runtime lacks", () => {
    expect(courseDateIfKnown(due, "Mars/Olympus_Mons")).toBeUndefined();
    expect(courseDateIfKnown(due, "Europe/London")).toBe("Fri 11 Dec 2026, 22:00 Europe/London");
  });
});
