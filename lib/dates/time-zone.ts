// What a course's time zone may be: an IANA name (Europe/London) or UTC,
// as the runtime's own time-zone database knows it. Offsets such as
// "+05:30" are refused: they have no daylight-saving rules, so a course
// set to one would be an hour wrong for half the year.

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/**
 * An IANA time-zone name as it is kept, or null if the runtime does not know
 * it. The name keeps the instructor's spelling ("Asia/Kolkata"), not the
 * runtime's canonical one: Node 20's ICU still calls it "Asia/Calcutta", a
 * name people no longer use. Only its case is corrected ("europe/london" →
 * "Europe/London"), from the runtime's own list.
 */
export function canonicalTimeZone(name: string): string | null {
  if (!ZONE_NAME.test(name)) return null;
  let resolved: string;
  try {
    resolved = new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
  const lower = name.toLowerCase();
  const known = [resolved, ...Intl.supportedValuesOf("timeZone")].find((zone) => zone.toLowerCase() === lower);
  return known ?? name;
}

/** Every zone an instructor may choose, UTC first, then the runtime's IANA names in alphabetical order, with `current` if it is not among them. */
export function timeZoneChoices(current?: string): string[] {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
