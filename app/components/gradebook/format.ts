import { formatPoints } from "@/app/components/progress-summary";

// The staff pages' formats: the same points as the student pages (dates: app/components/dates).
export { formatPoints };

export function formatPercent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`;
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
