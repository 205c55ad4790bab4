import { courseDateIfKnown } from "@/lib/dates";
import { ViewerDate } from "./viewer-date";

/**
 * An instant in a course's zone for its viewer (viewer-date.tsx). Rendered on
 * the server, it hands its own text in the course's zone to the browser, which
 * shows it if its time-zone data lacks the course's zone; inside a client
 * component it is computed there, and UTC is the fallback.
 */
export function LocalDate({ at, timeZone, testId }: { at: string | Date; timeZone: string; testId?: string }) {
  const iso = typeof at === "string" ? at : at.toISOString();
  return <ViewerDate at={iso} timeZone={timeZone} courseText={courseDateIfKnown(iso, timeZone)} testId={testId} />;
}
