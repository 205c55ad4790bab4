// What a course's time zone may be: an IANA name (Europe/London) or UTC,
// as the runtime's own time-zone database knows it. Offsets such as
// "+05:30" are refused: they have no daylight-saving rules, so a course
// set to one would be an hour wrong for half the year.

const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** The canonical spelling of an IANA time-zone name ("europe/london" → "Europe/London"), or null if it is not one. */
export function canonicalTimeZone(name: string): string | null {
  if (!ZONE_NAME.test(name)) return null;
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** Every zone an instructor may choose, UTC first, then the IANA names in alphabetical order. */
export function timeZoneChoices(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
}
