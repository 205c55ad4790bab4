// Dates in a course's time zone: entering wall-clock times, and showing instants.
export { canonicalTimeZone, timeZoneChoices } from "./time-zone";
export { toWallClockText, wallClockAt, wallClockToInstant, WallClockError, type WallClock } from "./zoned-time";
export { courseDateIfKnown, formatCourseDate, formatForViewer, formatForViewerOr, formatInZone } from "./format-date";
export { optionalInstantSchema } from "./instant-schema";
