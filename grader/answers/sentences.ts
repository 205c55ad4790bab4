/**
 * Feedback is put together from pieces that may or may not end in a full
 * stop (an author's option feedback, a generated summary, a note). One
 * helper joins them, so that no text reads "wrong.. Because" or runs two
 * sentences together.
 */

/** Joins non-empty pieces into sentences: a full stop between two only when the first has no final punctuation. */
export function joinSentences(pieces: readonly (string | undefined | null)[]): string {
  const parts = pieces.map((piece) => (piece ?? "").trim()).filter((piece) => piece !== "");
  return parts.reduce((text, piece) => (text === "" ? piece : `${text}${/[.!?…:;]$/.test(text) ? "" : "."} ${piece}`), "");
}
