// The one place an exception's dates are read from what an instructor typed
// (a form's datetime-local, a CSV cell, a JSON string). A time with an offset
// is that instant; one without is read on the clocks of the course's time
// zone (lib/dates), as the assessment editor's dates are.
import { WallClockError, wallClockToInstant } from "@/lib/dates";

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

function existsOnCalendar(wallClock: string): boolean {
  try {
    wallClockToInstant(wallClock, "UTC");
    return true;
  } catch (error) {
    if (error instanceof WallClockError) return false;
    throw error;
  }
}

/**
 * The instant `text` names, or why it names none: not a date and time
 * (`YYYY-MM-DDTHH:mm`, optionally seconds and an offset), or a time the
 * course's clocks skip (the spring-forward hour).
 */
export function parseExceptionDate(text: string, timeZone: string): Date | { problem: string } {
  const trimmed = text.trim();
  const malformed = { problem: `"${trimmed}" is not a date and time (YYYY-MM-DDTHH:mm, ${timeZone})` };
  if (WITH_OFFSET.test(trimmed)) {
    // Date() rolls 2026-02-30 over into March: the wall-clock part must exist on the calendar (any zone checks that).
    if (!existsOnCalendar(trimmed.replace(/(Z|[+-]\d{2}:\d{2})$/, ""))) return malformed;
    const date = new Date(trimmed);
    return Number.isNaN(date.getTime()) ? malformed : date;
  }
  if (!WITHOUT_OFFSET.test(trimmed)) return malformed;
  try {
    return wallClockToInstant(trimmed.replace(" ", "T"), timeZone);
  } catch (error) {
    if (!(error instanceof WallClockError)) throw error;
    return error.reason === "SKIPPED" ? { problem: error.message } : malformed;
  }
}
