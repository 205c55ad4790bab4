import { formatUtc } from "@/lib/format-utc";

/** A due date as students read it, in UTC and saying so. */
export function formatDue(date: Date | string | null): string {
  if (date === null) return "no due date";
  return formatUtc(date);
}
