import Link from "next/link";
import { pageCourseRole } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { getCourseSettings } from "@/lib/courses/course-settings";
import { timeZoneChoices } from "@/lib/dates";
import { TimeZoneForm } from "./time-zone-form";

export const metadata = { title: "Course settings" };
export const dynamic = "force-dynamic";

export default async function CourseSettingsPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  await pageCourseRole(`/author/courses/${courseId}/settings`, courseId, ["INSTRUCTOR"]);
  const course = await getCourseSettings({ db: getDb(), courseId });
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / {course.title}
      </p>
      <h1>Course settings</h1>
      <section className="card" aria-labelledby="time-zone">
        <h2 id="time-zone">Time zone</h2>
        <p>
          You enter every date of this course (opening times, due dates, cut-offs) as a time on the clocks of this zone. Everyone reads
          dates in their own browser&apos;s zone, with this zone&apos;s time beside it when the two differ. Changing the zone does not move
          dates already set: a due date keeps its instant, and the editor shows it in the new zone.
        </p>
        <TimeZoneForm courseId={course.id} timeZone={course.timeZone} choices={timeZoneChoices(course.timeZone)} />
      </section>
    </>
  );
}
