import { canonicalTimeZone, formatCourseDate, formatForViewer, formatInZone } from "@/lib/dates";

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

  it("refuses unknown names and bare offsets", () => {
    for (const name of ["Mars/Olympus_Mons", "+05:30", "", "Europe/London; DROP", "EST5EDT/../x"]) {
      expect(canonicalTimeZone(name)).toBeNull();
    }
  });
});
