import "server-only";

/**
 * A limit from the environment: a whole number ≥ 1, or the default when
 * unset. A malformed value stops the server at start-up (lib/env.ts checks the
 * same names) rather than silently turning a limit off.
 */
export function limitSetting(name: string, fallback: number, env: Record<string, string | undefined> = process.env): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number of at least 1, not "${raw}".`);
  return value;
}
