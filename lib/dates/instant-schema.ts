import { z } from "zod";
import { WallClockError, wallClockToInstant } from "./zoned-time";

const HAS_OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * A date as forms and the JSON API send it: an ISO 8601 instant with its
 * offset ("2026-12-11T22:00:00Z", "2026-12-11T17:00-05:00") is taken as it
 * is; a wall-clock time without one ("2026-12-11T17:00", a datetime-local
 * input's value) is read on the clocks of `timeZone`, the course's. "" or
 * null: none. A time the zone skips is refused with the reason.
 */
export function optionalInstantSchema(timeZone: string) {
  return z
    .union([z.literal(""), z.null(), z.iso.datetime({ offset: true }), z.iso.datetime({ local: true })], {
      error: "Give a date and time such as 2026-12-11T17:00 (course time) or an ISO instant with its offset.",
    })
    .transform((value, context) => {
      if (!value) return null;
      if (HAS_OFFSET.test(value)) return new Date(value);
      try {
        return wallClockToInstant(value, timeZone);
      } catch (error) {
        if (!(error instanceof WallClockError)) throw error;
        context.addIssue({ code: "custom", message: error.message });
        return z.NEVER;
      }
    });
}
