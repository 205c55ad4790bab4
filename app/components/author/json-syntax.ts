/**
 * Where a JSON text first goes wrong, as an offset into the text. Browsers
 * word JSON.parse's errors differently and some give no position at all
 * (Chromium: `Unexpected token 'x', "…" is not valid JSON`), so the editor
 * finds the place itself with this small strict scanner (RFC 8259), and
 * only then lets JSON.parse build the value.
 */
export interface JsonSyntaxError {
  /** UTF-16 offset of the first character at fault. */
  offset: number;
  message: string;
}

class Fail extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

/** A bound on nesting (the document's own limit is lower): keeps the scanner's recursion shallow. */
const MAX_DEPTH = 256;

export function findJsonSyntaxError(text: string): JsonSyntaxError | null {
  let i = 0;
  const describe = (at: number) => (at >= text.length ? "the end of the text" : `'${text[at]}'`);
  const skipSpace = () => {
    while (i < text.length && (text[i] === " " || text[i] === "\t" || text[i] === "\n" || text[i] === "\r")) i++;
  };
  const expect = (char: string, what: string) => {
    skipSpace();
    if (text[i] !== char) throw new Fail(i, `expected ${what}, found ${describe(i)}`);
    i++;
  };
  const string = () => {
    const start = i;
    i++; // the opening quote
    while (i < text.length) {
      const char = text[i];
      if (char === '"') {
        i++;
        return;
      }
      if (char === "\\") {
        const next = text[i + 1];
        if (next === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) throw new Fail(i, "\\u must be followed by four hexadecimal digits");
          i += 6;
        } else if (next !== undefined && '"\\/bfnrt'.includes(next)) {
          i += 2;
        } else {
          throw new Fail(i, `invalid escape \\${next ?? ""} in a string`);
        }
        continue;
      }
      if (char === "\n" || char < " ") throw new Fail(i, "a string cannot span lines (write \\n for a line break)");
      i++;
    }
    throw new Fail(start, "this string is never closed");
  };
  const number = () => {
    const match = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) throw new Fail(i, `expected a value, found ${describe(i)}`);
    i += match[0].length;
  };
  const value = (depth: number): void => {
    if (depth > MAX_DEPTH) throw new Fail(i, "nested too deeply");
    skipSpace();
    const char = text[i];
    if (char === "{") return object(depth);
    if (char === "[") return array(depth);
    if (char === '"') return string();
    if (char === "-" || (char >= "0" && char <= "9")) return number();
    for (const word of ["true", "false", "null"]) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    }
    if (char === "'") throw new Fail(i, "JSON strings use double quotes");
    throw new Fail(i, `expected a value, found ${describe(i)}`);
  };
  const object = (depth: number) => {
    i++;
    skipSpace();
    if (text[i] === "}") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] === "}") throw new Fail(i, "a comma before } is not allowed in JSON");
      if (text[i] !== '"') throw new Fail(i, `expected a property name in double quotes, found ${describe(i)}`);
      string();
      expect(":", "':' after the property name");
      value(depth + 1);
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "}") {
        i++;
        return;
      }
      throw new Fail(i, `expected ',' or '}' after a property's value, found ${describe(i)}`);
    }
  };
  const array = (depth: number) => {
    i++;
    skipSpace();
    if (text[i] === "]") {
      i++;
      return;
    }
    for (;;) {
      skipSpace();
      if (text[i] === "]") throw new Fail(i, "a comma before ] is not allowed in JSON");
      value(depth + 1);
      skipSpace();
      if (text[i] === ",") {
        i++;
        continue;
      }
      if (text[i] === "]") {
        i++;
        return;
      }
      throw new Fail(i, `expected ',' or ']' after an entry, found ${describe(i)}`);
    }
  };
  try {
    value(0);
    skipSpace();
    if (i < text.length) throw new Fail(i, `unexpected ${describe(i)} after the document`);
    return null;
  } catch (error) {
    if (error instanceof Fail) return { offset: error.offset, message: error.message };
    throw error;
  }
}
