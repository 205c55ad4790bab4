"use client";

import { useDateText } from "./use-viewer-time-zone";

/**
 * An instant as this viewer reads it: their own time, with the course's
 * beside it when the two differ (the course's alone until hydration).
 * `courseText` is the server's text in the course's zone, shown instead
 * where this browser does not know that zone. A `<time>` carries the ISO
 * instant for machines and tests.
 */
export function ViewerDate({ at, timeZone, courseText, testId }: { at: string; timeZone: string; courseText?: string; testId?: string }) {
  const text = useDateText(timeZone);
  return (
    <time dateTime={at} data-testid={testId}>
      {text(at, courseText)}
    </time>
  );
}
