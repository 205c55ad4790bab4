import { formatPoints } from "@/app/components/progress-summary";
import { formatDue } from "@/app/components/format-due";

// The staff pages' formats: the same points and dates as the student pages.
export { formatPoints };

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
}

export function formatWhen(iso: string): string {
  return formatDue(iso);
}

/** "+1.5" / "−0.75" / "0": a change of points, signed. */
export function formatDelta(points: number): string {
  const rounded = Math.round(points * 100) / 100;
  if (rounded === 0) return "0";
  return rounded > 0 ? `+${rounded}` : `−${Math.abs(rounded)}`;
}

/** An answer or reference as typed or stored: text as is, anything else as JSON. */
export function formatJson(value: unknown): string {
  if (value === null || value === undefined) return "—";
  return typeof value === "string" ? value : JSON.stringify(value);
}
