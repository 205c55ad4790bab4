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

/**
 * formatForViewer, or `fallback` when this runtime does not know the course's
 * zone: a browser whose time-zone data is older than the server's throws a
 * RangeError for a newer name, which must not take the page down. The
 * fallback is the server's text in the course's zone when the caller has it,
 * else the time in UTC, saying so.
 */
export function formatForViewerOr(
  instant: Date | string,
  courseTimeZone: string,
  viewerTimeZone: string | null,
  fallback?: string,
): string {
  try {
    return formatForViewer(instant, courseTimeZone, viewerTimeZone);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return fallback ?? `${formatInZone(instant, "UTC")} UTC`;
  }
}

/** formatCourseDate, or undefined where the runtime does not know the zone (for a server to hand its text to the browser). */
export function courseDateIfKnown(instant: Date | string, courseTimeZone: string): string | undefined {
  try {
    return formatCourseDate(instant, courseTimeZone);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
