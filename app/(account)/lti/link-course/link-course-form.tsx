"use client";

import { useState, type FormEvent } from "react";
import { FormError } from "@/app/components/form-error";
import type { LinkableCourse } from "@/lib/lti/pending-course-link";

// The choice on /lti/link-course, sent to the JSON API (POST /api/lti/course-link),
// which answers where the launch now lands.

const NEW_COURSE = "new";

export function LinkCourseForm({ pending, courses }: { pending: string; courses: LinkableCourse[] }) {
  const [choice, setChoice] = useState(courses[0]?.id ?? NEW_COURSE);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/lti/course-link", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ pending, courseId: choice === NEW_COURSE ? null : choice }),
      });
      const answer = (await response.json().catch(() => ({}))) as { landingPath?: string; error?: { message?: string } };
      if (!response.ok || !answer.landingPath) {
        setError(answer.error?.message ?? `The server answered ${response.status}; try again.`);
        return;
      }
      window.location.assign(answer.landingPath);
    } catch {
      setError("The server could not be reached; check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Link this LMS course to</legend>
        {courses.map((course) => (
          <label key={course.id}>
            <input type="radio" name="course" value={course.id} checked={choice === course.id} onChange={() => setChoice(course.id)} />{" "}
            {course.title}
            {course.term ? ` (${course.term})` : ""}
          </label>
        ))}
        <label>
          <input type="radio" name="course" value={NEW_COURSE} checked={choice === NEW_COURSE} onChange={() => setChoice(NEW_COURSE)} /> a
          new, empty Chainrule course
        </label>
      </fieldset>
      <FormError message={error} />
      <button type="submit" disabled={busy}>
        {busy ? "Linking…" : "Link"}
      </button>
    </form>
  );
}
