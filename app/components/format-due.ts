const dueFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A due date as students read it, in UTC and saying so. */
export function formatDue(date: Date | string | null): string {
  if (date === null) return "no due date";
  return `${dueFormat.format(typeof date === "string" ? new Date(date) : date)} UTC`;
}
