// No imports and no "server-only": the request proxy (proxy.ts) runs this on
// server actions' arguments, as lib/http/read-json.ts runs it on the JSON API's.
//
// JSON.parse turns an escape such as "\ud800" into an unpaired UTF-16
// surrogate, which is not text: Prisma cannot send it to the database (a
// 500), and where it was stored it came back as U+FFFD. Raw request bytes
// cannot make one (UTF-8 decoding replaces what is malformed), so only
// escapes need looking for. "\u0000" is text, but PostgreSQL keeps no NUL
// in text or jsonb (a 500 there, while SQLite stored it), so it is refused
// too, on both databases alike.

/** Where a string that is not well-formed Unicode was found: the path of names to it, and whether it was a key there. */
export interface IllFormedText {
  path: string[];
  isKey: boolean;
  /** What it holds: an unpaired surrogate, or a NUL character. */
  holds: "surrogate" | "nul";
}

/** `\uD800` to `\uDFFF` and `\u0000` as escapes: the only ways JSON text spells a surrogate or a NUL. */
const SURROGATE_ESCAPE = /\\u(?:[dD][89a-fA-F][0-9a-fA-F]{2}|0000)/;

/** What a string holds that no database keeps, or null. */
function unstorable(text: string): IllFormedText["holds"] | null {
  if (!text.isWellFormed()) return "surrogate";
  return text.includes("\0") ? "nul" : null;
}

/**
 * Whether JSON text may decode to an unpaired surrogate: one regular
 * expression scan, so that bodies without surrogate escapes (nearly all)
 * are not walked after parsing.
 */
export function mayHoldIllFormedText(jsonText: string): boolean {
  return SURROGATE_ESCAPE.test(jsonText) || unstorable(jsonText) !== null;
}

/** The first key or string in a parsed JSON value that is not well-formed Unicode; null when all are. Iterative, as the value may be wide. */
export function findIllFormedText(value: unknown): IllFormedText | null {
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  for (let next = pending.pop(); next; next = pending.pop()) {
    if (typeof next.value === "string") {
      const holds = unstorable(next.value);
      if (holds) return { path: next.path, isKey: false, holds };
      continue;
    }
    if (next.value === null || typeof next.value !== "object") continue;
    for (const key of Object.keys(next.value)) {
      const holds = unstorable(key);
      if (holds) return { path: [...next.path, key.toWellFormed().replaceAll("\0", "\\u0000")], isKey: true, holds };
      pending.push({ value: (next.value as Record<string, unknown>)[key], path: [...next.path, key] });
    }
  }
  return null;
}

/** What to tell the sender, naming the place as `where` says it ("the field \"title\"", "a key in answers"). */
export function illFormedTextMessage(where: string, holds: IllFormedText["holds"] = "surrogate"): string {
  if (holds === "nul") return `${where} holds a NUL character (\\u0000), which the database cannot keep; remove it and send again.`;
  return (
    `${where} holds an unpaired UTF-16 surrogate (an escape such as \\ud800 without its partner), which is not text; ` +
    "send the characters themselves, or escape both halves of a pair."
  );
}

/** "the field \"settings.title\"", or "a key in settings", for a place findIllFormedText found. */
export function describeIllFormedPlace(found: IllFormedText): string {
  if (found.isKey) {
    const parent = found.path.slice(0, -1);
    return parent.length === 0 ? "A key at the top level" : `A key in "${parent.join(".")}"`;
  }
  return found.path.length === 0 ? "The body" : `The field "${found.path.join(".")}"`;
}
