const utcFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A time as users read it in messages and pages: in UTC, and saying so (every stored time is UTC). */
export function formatUtc(date: Date | string): string {
  return `${utcFormat.format(typeof date === "string" ? new Date(date) : date)} UTC`;
}
