import { z } from "zod";
import { canonicalTimeZone } from "@/lib/dates";

// What the course settings form and PUT /api/staff/courses/:courseId accept.

/** An IANA time-zone name, stored in its canonical spelling. */
export const timeZoneSchema = z
  .string({ error: "Give the time zone as an IANA name, such as Europe/London." })
  .trim()
  .max(64)
  .transform((name, context) => {
    const zone = canonicalTimeZone(name);
    if (!zone) {
      context.addIssue({
        code: "custom",
        message:
          `"${name}" is not a known IANA time zone name; give a name such as Europe/London or UTC ` +
          "(offsets and abbreviations such as EST are refused: they have no daylight-saving rules).",
      });
      return z.NEVER;
    }
    return zone;
  });

export const courseSettingsSchema = z.strictObject({ timeZone: timeZoneSchema });

export type CourseSettings = z.output<typeof courseSettingsSchema>;
