// No imports and no "server-only": the request proxy (proxy.ts) runs this on
// server actions' bodies before Next decodes them, as lib/http/read-json.ts
// runs it on the JSON API's.

/**
 * Whether JSON text nests arrays and objects deeper than `max`, in one pass
 * over the characters without recursion. Brackets inside strings do not
 * count; malformed text is left for JSON.parse to name.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}
