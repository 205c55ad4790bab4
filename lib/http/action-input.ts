import "server-only";
import { AppError } from "@/lib/errors";

// A server action can be called by anyone with any body, not only by the
// app's own forms: its arguments arrive as whatever the request encoded.
// Actions that take a form read it through these, so that a hand-made
// request gets an answer that says what was wrong, not a TypeError and a 500.

/** The form a `<form action={…}>` sends; INVALID_INPUT for anything else. */
export function submittedForm(value: unknown): FormData {
  if (value instanceof FormData) return value;
  throw new AppError("INVALID_INPUT", "This form arrived in a shape the server cannot read; reload the page and send it again.");
}

/**
 * For actions that send a refused caller elsewhere instead of answering: anything but a form reads as an empty one, whose fields
 * then fail their own checks.
 */
export function formOrEmpty(value: unknown): FormData {
  return value instanceof FormData ? value : new FormData();
}
