"use client";

import { useEffect, useState } from "react";

/**
 * The value once it has stopped changing for `delayMs`: live checks run on
 * a pause in typing rather than on every keystroke, so a half-typed number
 * is not flagged while the student is still typing it.
 */
export function useDebouncedValue<T>(value: T, delayMs: number): T {
  const [settled, setSettled] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return settled;
}

/** How long typing must pause before the live check runs. */
export const LIVE_CHECK_DELAY_MS = 250;
