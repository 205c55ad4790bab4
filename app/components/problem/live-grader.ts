"use client";

/**
 * Loading the live checks (live-checks.ts) on demand. Most of the problem
 * page's JavaScript was the grader, needed only once a student types: the
 * first input starts the import, the check appears when it has arrived (a
 * few milliseconds on a warm cache, well within the pause in typing the
 * checks wait for anyway), and submitting waits for it.
 */
import { useEffect, useState } from "react";

export type LiveGrader = typeof import("./live-checks");

let loaded: LiveGrader | null = null;
let loading: Promise<LiveGrader> | null = null;

/** The live checks, imported once per page load; a failed import (the network dropped) is tried again on the next call. */
export function loadLiveGrader(): Promise<LiveGrader> {
  loading ??= import("./live-checks").then(
    (module) => (loaded = module),
    (error: unknown) => {
      loading = null;
      throw error;
    },
  );
  return loading;
}

/**
 * The live checks once loaded, else null. Loading starts the first time
 * `wanted` is true (the field has something to check), so that a student who
 * only reads the problem never downloads the grader.
 */
export function useLiveGrader(wanted: boolean): LiveGrader | null {
  const [grader, setGrader] = useState<LiveGrader | null>(loaded);
  useEffect(() => {
    if (!wanted || grader) return;
    let current = true;
    loadLiveGrader().then(
      (module) => {
        if (current) setGrader(module);
      },
      // The field stays unchecked; the next keystroke tries again, and submitting reports the failure.
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [wanted, grader]);
  return grader ?? loaded;
}
