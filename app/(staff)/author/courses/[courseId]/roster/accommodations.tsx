"use client";

import { useActionState } from "react";
import { removeAccommodationAction, setAccommodationAction, type AccommodationState } from "./accommodation-actions";
import { FormError } from "@/app/components/form-error";
import { ScrollBox } from "@/app/components/table/scroll-box";

const initial: AccommodationState = { error: null, fieldErrors: {}, saved: false };

export interface AccommodationRow {
  userId: string;
  name: string;
  email: string;
  timeMultiplier: number;
  reason: string;
  grantedBy: string | null;
  /** Already formatted, in the course's zone with its name. */
  grantedAt: string;
}

function FieldError({ state, name }: { state: AccommodationState; name: string }) {
  const message = state.fieldErrors[name];
  return message ? (
    <span className="error" id={`accommodation-${name}-error`}>
      {message}
    </span>
  ) : null;
}

function RemoveButton({ courseId, row }: { courseId: string; row: AccommodationRow }) {
  const [state, action, pending] = useActionState(removeAccommodationAction, initial);
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="courseId" value={courseId} />
      <input type="hidden" name="studentId" value={row.userId} />
      <button type="submit" className="secondary" disabled={pending} aria-label={`Remove ${row.name}'s accommodation`}>
        Remove
      </button>
      <FormError message={state.error} />
    </form>
  );
}

/** The course's time accommodations, and a form to set one: a student's multiplier on every timed assessment of the course. */
export function Accommodations({
  courseId,
  rows,
  students,
}: {
  courseId: string;
  rows: AccommodationRow[];
  students: { userId: string; name: string; email: string }[];
}) {
  const [state, action, pending] = useActionState(setAccommodationAction, initial);
  const described = (name: string) => ({
    name,
    id: `accommodation-${name}`,
    "aria-invalid": Boolean(state.fieldErrors[name]),
    "aria-describedby": state.fieldErrors[name] ? `accommodation-${name}-error` : undefined,
  });
  return (
    <>
      <ScrollBox label="Accommodations">
        <table data-testid="accommodations">
          <thead>
            <tr>
              <th scope="col">Student</th>
              <th scope="col">Time</th>
              <th scope="col">Reason</th>
              <th scope="col">By</th>
              <th scope="col">When</th>
              <th scope="col">Remove</th>
            </tr>
          </thead>
          <tbody>
            {rows.length === 0 && (
              <tr>
                <td colSpan={6} className="muted">
                  None.
                </td>
              </tr>
            )}
            {rows.map((row) => (
              <tr key={row.userId}>
                <td>
                  {row.name} ({row.email})
                </td>
                <td>{row.timeMultiplier}×</td>
                <td>{row.reason}</td>
                <td>{row.grantedBy ?? <span className="muted">a removed account</span>}</td>
                <td>{row.grantedAt}</td>
                <td>
                  <RemoveButton courseId={courseId} row={row} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
      <form action={action} className="form accommodation-form">
        <input type="hidden" name="courseId" value={courseId} />
        <label>
          Student
          <select {...described("studentId")} defaultValue="">
            <option value="">Choose a student</option>
            {students.map((student) => (
              <option key={student.userId} value={student.userId}>
                {student.name} ({student.email})
              </option>
            ))}
          </select>
          <FieldError state={state} name="studentId" />
        </label>
        <label>
          Time multiplier (1.5 gives 30 minutes for 20; replaces the student&apos;s current one)
          <input {...described("timeMultiplier")} type="number" step={0.05} defaultValue={1.5} />
          <FieldError state={state} name="timeMultiplier" />
        </label>
        <label>
          Reason (kept in the audit log)
          <input {...described("reason")} maxLength={1000} />
          <FieldError state={state} name="reason" />
        </label>
        <FormError message={state.error} />
        {state.saved && <p role="status">Accommodation saved.</p>}
        <button type="submit" disabled={pending}>
          Set accommodation
        </button>
      </form>
    </>
  );
}
