"use client";

import { useDateText } from "./use-viewer-time-zone";

/**
 * An instant as this viewer reads it: their own time, with the course's
 * beside it when the two differ (the course's alone until hydration).
 * A `<time>` carries the ISO instant for machines and tests.
 */
export function LocalDate({ at, timeZone, testId }: { at: string | Date; timeZone: string; testId?: string }) {
  const text = useDateText(timeZone);
  const iso = typeof at === "string" ? at : at.toISOString();
  return (
    <time dateTime={iso} data-testid={testId}>
      {text(iso)}
    </time>
  );
}
