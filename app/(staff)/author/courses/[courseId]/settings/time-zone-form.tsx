"use client";

import { useActionState } from "react";
import { updateCourseSettingsAction, type CourseSettingsState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initial: CourseSettingsState = { error: null, saved: false };

/** The course's time zone, chosen from the zones the server knows. */
export function TimeZoneForm({ courseId, timeZone, choices }: { courseId: string; timeZone: string; choices: string[] }) {
  const [state, action, pending] = useActionState(updateCourseSettingsAction, initial);
  return (
    <form action={action} className="form">
      <input type="hidden" name="courseId" value={courseId} />
      <label>
        Course time zone
        <select name="timeZone" defaultValue={timeZone}>
          {choices.map((zone) => (
            <option key={zone} value={zone}>
              {zone}
            </option>
          ))}
        </select>
      </label>
      <FormError message={state.error} />
      {state.saved && <p role="status">Saved.</p>}
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save time zone"}
      </button>
    </form>
  );
}
