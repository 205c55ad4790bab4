// What a course's time zone may be: a name from the runtime's own list of
// IANA zones (Intl.supportedValuesOf), UTC, or one of a few current names
// that the runtime lists under an older spelling. Everything else is refused,
// though Intl would take it: offsets ("+05:30", "Etc/GMT+5") and abbreviations
// ("EST") have no daylight-saving rules, so a course set to one would be an
// hour wrong for half the year; and a name only the server's ICU knows as a
// link would throw in a browser whose data lacks it.

/**
 * Current IANA names that Node 20's ICU lists under their old spelling
 * (Asia/Calcutta): kept as the instructor writes them, since people no
 * longer use the old names and every browser knows both.
 */
const RENAMED_ZONES = [
  "Asia/Kolkata",
  "Europe/Kyiv",
  "Asia/Kathmandu",
  "Asia/Ho_Chi_Minh",
  "Asia/Yangon",
  "America/Nuuk",
  "Atlantic/Faroe",
  "Pacific/Chuuk",
  "Pacific/Pohnpei",
  "Pacific/Kanton",
  "America/Argentina/Buenos_Aires",
  "America/Indiana/Indianapolis",
];

/** Every accepted name, in its kept spelling. */
function acceptedZones(): string[] {
  return ["UTC", ...Intl.supportedValuesOf("timeZone"), ...RENAMED_ZONES];
}

/**
 * An accepted time-zone name as it is kept, or null if it is not accepted.
 * Only its case is corrected ("europe/london" → "Europe/London").
 */
export function canonicalTimeZone(name: string): string | null {
  const lower = name.toLowerCase();
  return acceptedZones().find((zone) => zone.toLowerCase() === lower) ?? null;
}

/** Every zone an instructor may choose, UTC first, then the runtime's IANA names in alphabetical order, with `current` if it is not among them. */
export function timeZoneChoices(current?: string): string[] {
  const zones = ["UTC", ...Intl.supportedValuesOf("timeZone").filter((zone) => zone !== "UTC")];
  return current && !zones.includes(current) ? [current, ...zones] : zones;
}
