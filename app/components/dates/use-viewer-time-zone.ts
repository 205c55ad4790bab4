"use client";

import { useCallback, useSyncExternalStore } from "react";
import { formatForViewerOr } from "@/lib/dates";

// The viewer's zone is their browser's: it needs no setting, is right on a
// laptop carried to another zone, and is what the rest of their screen shows.
// The server cannot know it, so the server's render (and hydration) shows the
// course's time alone, and React re-renders with the browser's zone right
// after hydration: useSyncExternalStore's server snapshot makes that switch
// without a hydration mismatch.

const never = () => () => {};
const browserTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone || null;
const unknownOnServer = () => null;

/** The browser's IANA zone; null during the server render and hydration. */
export function useViewerTimeZone(): string | null {
  return useSyncExternalStore(never, browserTimeZone, unknownOnServer);
}

/**
 * A formatter for this viewer of a course in `courseTimeZone` (lib/dates formatForViewer), for text built in client components.
 * Where this browser does not know the course's zone it gives `courseText` (the server's text for that instant) if passed, else UTC.
 */
export function useDateText(courseTimeZone: string): (instant: string | Date, courseText?: string) => string {
  const viewer = useViewerTimeZone();
  return useCallback(
    (instant: string | Date, courseText?: string) => formatForViewerOr(instant, courseTimeZone, viewer, courseText),
    [courseTimeZone, viewer],
  );
}
