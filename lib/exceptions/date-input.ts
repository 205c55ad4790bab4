// The one place an exception's dates are read from what an instructor typed
// (a form's datetime-local, a CSV cell, a JSON string). Today every date is
// UTC: a time without an offset is read as UTC, not the server's zone. When
// courses get a time zone, this is the function that learns it.

const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
const WITHOUT_OFFSET = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/** The instant `text` names, or null when it is not a date and time (`YYYY-MM-DDTHH:mm`, optionally seconds and an offset). */
export function parseExceptionDate(text: string): Date | null {
  const trimmed = text.trim();
  let iso: string | null = null;
  if (WITH_OFFSET.test(trimmed)) iso = trimmed;
  else if (WITHOUT_OFFSET.test(trimmed)) iso = `${trimmed.replace(" ", "T")}Z`;
  if (iso === null) return null;
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
}
