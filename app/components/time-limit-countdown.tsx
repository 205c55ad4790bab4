"use client";

import { useEffect, useRef, useState } from "react";
import { LocalDate } from "./dates/local-date";

/** Minutes left at which the countdown is announced to screen readers (besides the end). */
const ANNOUNCE_AT_MINUTES = [30, 10, 5, 1];

export function formatRemaining(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const hours = Math.floor(whole / 3600);
  const minutes = Math.floor((whole % 3600) / 60);
  const secs = whole % 60;
  const two = (n: number) => String(n).padStart(2, "0");
  return hours > 0 ? `${hours}:${two(minutes)}:${two(secs)}` : `${minutes}:${two(secs)}`;
}

/** What is announced when `seconds` are left, or null: only at a few thresholds and at the end, never every second. */
export function announcementAt(seconds: number): string | null {
  if (seconds <= 0) return "Your time is up. Submissions are no longer accepted.";
  const minutes = seconds / 60;
  const threshold = ANNOUNCE_AT_MINUTES.find((limit) => minutes <= limit && minutes > limit - 1);
  return threshold === undefined ? null : `${threshold} ${threshold === 1 ? "minute" : "minutes"} left.`;
}

/**
 * The student's time left on a timed assessment. `remainingSeconds` is the
 * server's (from the student's recorded start), so a reload or a second
 * device shows the same time; the browser only counts it down, from its own
 * monotonic clock, so a wrong system clock does not matter. The visible
 * timer is not announced; a polite live region speaks at a few thresholds.
 * `onExpire` runs once when it reaches zero (the problem page then closes its
 * form; the server refuses a later submission whatever the page does).
 */
export function TimeLimitCountdown({
  remainingSeconds,
  endsAt,
  timeZone,
  onExpire,
}: {
  remainingSeconds: number;
  endsAt: string;
  timeZone: string;
  onExpire?: () => void;
}) {
  const [left, setLeft] = useState(remainingSeconds);
  const [announcement, setAnnouncement] = useState("");
  const expireHandler = useRef(onExpire);
  useEffect(() => {
    expireHandler.current = onExpire;
  }, [onExpire]);
  useEffect(() => {
    const start = performance.now();
    let lastAnnounced: string | null = null;
    const tick = () => {
      const now = Math.max(0, Math.ceil(remainingSeconds - (performance.now() - start) / 1000));
      setLeft(now);
      const said = announcementAt(now);
      if (said && said !== lastAnnounced) {
        lastAnnounced = said;
        setAnnouncement(said);
      }
      if (now === 0) {
        window.clearInterval(timer);
        expireHandler.current?.();
      }
    };
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [remainingSeconds]);
  const expired = left <= 0;
  return (
    <div className={`card time-limit${expired ? " expired" : ""}`} data-testid="time-limit">
      <p>
        <strong>Time left: </strong>
        <span role="timer" aria-label="Time left" data-testid="time-left">
          {expired ? "none" : formatRemaining(left)}
        </span>{" "}
        <span className="muted small">
          (ends <LocalDate at={endsAt} timeZone={timeZone} />)
        </span>
      </p>
      {expired && <p>Your time is up: submissions are no longer accepted.</p>}
      <p className="visually-hidden" aria-live="polite" data-testid="time-announcement">
        {announcement}
      </p>
    </div>
  );
}
