// Instants and the wall-clock times people read, in a named time zone, with
// nothing but Intl (no dependency: the runtime's own tz database, in Node and
// every browser). A wall-clock time is "YYYY-MM-DDTHH:mm", what an HTML
// datetime-local input holds.

export interface WallClock {
  year: number;
  month: number; // 1–12
  day: number;
  hour: number; // 0–23
  minute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function numericFormat(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The wall clock in `timeZone` at `instant` (seconds dropped). */
export function wallClockAt(instant: Date, timeZone: string): WallClock {
  const parts = Object.fromEntries(
    numericFormat(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, Number(part.value)]),
  );
  return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute };
}

/** The zone's offset from UTC at `instant`, in milliseconds (+9 h in Tokyo, −5 h in New York in winter). */
function offsetAt(instant: number, timeZone: string): number {
  const seconds = new Date(instant).getUTCSeconds();
  const wall = wallClockAt(new Date(instant), timeZone);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, seconds);
  return asUtc - (instant - (instant % 1000));
}

const pad = (n: number, width = 2) => String(n).padStart(width, "0");

/** "YYYY-MM-DDTHH:mm", what a datetime-local input shows for `instant` in `timeZone`. */
export function toWallClockText(instant: Date, timeZone: string): string {
  const w = wallClockAt(instant, timeZone);
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

const WALL_CLOCK_TEXT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

/** Why a wall-clock time names no instant. */
export class WallClockError extends Error {
  constructor(
    readonly reason: "MALFORMED" | "SKIPPED",
    message: string,
  ) {
    super(message);
    this.name = "WallClockError";
  }
}

/**
 * The instant at which clocks in `timeZone` read `text` ("2026-12-11T17:00";
 * seconds allowed and kept). Daylight saving makes two cases:
 * - in the spring gap (02:30 on the night New York skips 02:00–03:00) no
 *   instant has that reading: a WallClockError("SKIPPED") saying so, rather
 *   than a silent shift of an hour on a deadline;
 * - in the autumn overlap (01:30 happens twice) the earlier instant, the
 *   first time clocks read it (as RFC 5545 and Temporal's "compatible" do),
 *   so a deadline is never later than the instructor could have meant.
 */
export function wallClockToInstant(text: string, timeZone: string): Date {
  const match = WALL_CLOCK_TEXT.exec(text);
  if (!match) throw new WallClockError("MALFORMED", `"${text}" is not a date and time of the form YYYY-MM-DDTHH:mm.`);
  const [year, month, day, hour, minute, second = 0] = match.slice(1).map((part) => Number(part ?? 0));
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const read = new Date(asUtc);
  if (read.getUTCMonth() !== month - 1 || read.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new WallClockError("MALFORMED", `"${text}" is not a date and time that exists on the calendar.`);
  }
  // The zone's offset a day either side brackets any transition near this reading; try each.
  const DAY = 86_400_000;
  const offsets = new Set([offsetAt(asUtc - DAY, timeZone), offsetAt(asUtc, timeZone), offsetAt(asUtc + DAY, timeZone)]);
  const matching = [...offsets]
    .map((offset) => asUtc - offset)
    .filter((instant) => toWallClockText(new Date(instant), timeZone) === text.slice(0, 16))
    .sort((a, b) => a - b);
  if (matching.length === 0) {
    throw new WallClockError(
      "SKIPPED",
      `${text.slice(0, 16).replace("T", " ")} does not exist in ${timeZone}: the clocks skip it when daylight saving starts. Choose a time outside the skipped hour.`,
    );
  }
  return new Date(matching[0]);
}
