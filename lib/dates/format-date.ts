// Dates as people read them: "Fri 11 Dec 2026, 17:00", in a named zone.
// Built from numbers with fixed English names rather than Intl's own
// wording, which differs between ICU versions: the server's text and the
// browser's first render must be the same string, or React reports a
// hydration mismatch.
import { wallClockAt } from "./zoned-time";

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

const asDate = (instant: Date | string) => (typeof instant === "string" ? new Date(instant) : instant);
const pad = (n: number) => String(n).padStart(2, "0");

/** "Fri 11 Dec 2026, 17:00": the wall clock in `timeZone`, without the zone's name. */
export function formatInZone(instant: Date | string, timeZone: string): string {
  const w = wallClockAt(asDate(instant), timeZone);
  const weekday = WEEKDAYS[new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay()];
  return `${weekday} ${w.day} ${MONTHS[w.month - 1]} ${w.year}, ${pad(w.hour)}:${pad(w.minute)}`;
}

/** "Fri 11 Dec 2026, 17:00 America/New_York": a time in the course's zone, saying which (server messages, first render). */
export function formatCourseDate(instant: Date | string, courseTimeZone: string): string {
  return `${formatInZone(instant, courseTimeZone)} ${courseTimeZone}`;
}

/**
 * A time for one viewer: in their own zone, with the course's beside it when
 * the two clocks read differently, e.g. "Sat 12 Dec 2026, 07:00 your time
 * (Asia/Tokyo) · Fri 11 Dec 2026, 17:00 America/New_York (course)". An
 * unknown viewer zone (the server's render) gives the course's time alone.
 */
export function formatForViewer(instant: Date | string, courseTimeZone: string, viewerTimeZone: string | null): string {
  const course = formatCourseDate(instant, courseTimeZone);
  if (!viewerTimeZone) return course;
  const own = formatInZone(instant, viewerTimeZone);
  if (own === formatInZone(instant, courseTimeZone)) return course;
  return `${own} your time (${viewerTimeZone}) · ${course} (course)`;
}
