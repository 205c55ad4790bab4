/**
 * Command-line options of the project's scripts (benchmarks, fuzzing,
 * reliability checks): `--name value` pairs and bare `--flag`s, read from
 * process.argv. A typo must not pass silently as a default or a NaN that
 * then shows up as a figure, so a value that is missing or of the wrong
 * kind stops the script with an error naming the option.
 */

type Argv = readonly string[];

/** The value after `name`; undefined when the option is absent. */
export function optionalTextArgument(name: string, argv: Argv = process.argv): string | undefined {
  const index = argv.indexOf(name);
  if (index < 0) return undefined;
  const value = argv[index + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`${name} needs a value (${name} <value>).`);
  return value;
}

/** A command-line option's text (`--slug nn-backprop`), or the fallback. */
export function textArgument(name: string, fallback: string, argv: Argv = process.argv): string {
  return optionalTextArgument(name, argv) ?? fallback;
}

/** A numeric command-line option (`--runs 50`), or the fallback. */
export function numericArgument(name: string, fallback: number, argv: Argv = process.argv): number {
  const text = optionalTextArgument(name, argv);
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) throw new Error(`${name} must be a number, got "${text}".`);
  return value;
}

/** A comma-separated command-line option (`--stages 10,50`) as a list, or the fallback's. */
export function listArgument(name: string, fallback: string, argv: Argv = process.argv): string[] {
  return textArgument(name, fallback, argv).split(",");
}

/** One of a fixed set of values (`--policy LAST`), or the fallback. */
export function choiceArgument<T extends string>(name: string, choices: readonly T[], fallback: T, argv: Argv = process.argv): T {
  const value = textArgument(name, fallback, argv);
  if (!(choices as readonly string[]).includes(value)) throw new Error(`${name} is "${value}"; use ${choices.join(" or ")}.`);
  return value as T;
}

/** Whether a bare flag (`--no-torch`) was given. */
export function flagArgument(name: string, argv: Argv = process.argv): boolean {
  return argv.includes(name);
}
