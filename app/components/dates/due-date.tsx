import { LocalDate } from "./local-date";

/** A due date (or any optional deadline) for its viewer, or "no due date". Renders on the server; the date upgrades in the browser. */
export function DueDate({ at, timeZone, testId }: { at: string | Date | null; timeZone: string; testId?: string }) {
  if (at === null) return <>no due date</>;
  return <LocalDate at={at} timeZone={timeZone} testId={testId} />;
}
