/**
 * A reader of one constructor call's text, `Conv2d(3, 16, kernel_size=(3,
 * 3), padding=same)`, into a LayerCall, for the tests of layerFromCall only
 * (the importer has its own parser). Literals: numbers, True/False/None,
 * quoted strings, tuples; a bare name (print(model)'s `padding=same`) reads
 * as its string.
 */
import type { LayerArg, LayerCall } from "../../../grader/autograd";

export function parseCall(text: string): LayerCall {
  let at = 0;
  const skip = () => {
    while (/\s/.test(text[at] ?? "")) at++;
  };
  const expect = (char: string) => {
    skip();
    if (text[at] !== char) throw new Error(`expected ${char} at ${at} in ${text}`);
    at++;
  };
  const word = (): string => {
    skip();
    const match = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at));
    if (!match) throw new Error(`expected a name at ${at} in ${text}`);
    at += match[0].length;
    return match[0];
  };
  const value = (): LayerArg => {
    skip();
    const char = text[at];
    if (char === "(") {
      at++;
      const items: LayerArg[] = [];
      skip();
      while (text[at] !== ")") {
        items.push(value());
        skip();
        if (text[at] === ",") at++;
        skip();
      }
      at++;
      return items;
    }
    if (char === "'" || char === '"') {
      const end = text.indexOf(char, at + 1);
      const literal = text.slice(at + 1, end);
      at = end + 1;
      return literal;
    }
    const number = /^-?(\d+\.?\d*(e[+-]?\d+)?|\.\d+)/i.exec(text.slice(at));
    if (number) {
      at += number[0].length;
      return Number(number[0]);
    }
    const name = word();
    return name === "True" ? true : name === "False" ? false : name === "None" ? null : name;
  };

  const name = word();
  expect("(");
  const args: LayerArg[] = [];
  const kwargs: Record<string, LayerArg> = {};
  skip();
  while (text[at] !== ")") {
    const keyword = /^([A-Za-z_][A-Za-z0-9_]*)\s*=/.exec(text.slice(at));
    if (keyword) {
      at += keyword[0].length;
      kwargs[keyword[1]] = value();
    } else {
      args.push(value());
    }
    skip();
    if (text[at] === ",") at++;
    skip();
  }
  return { name, args, kwargs };
}
