import { pageUser } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { linkableCoursesFor, readPendingCourseLink } from "@/lib/lti/pending-course-link";
import { LinkCourseForm } from "./link-course-form";

export const metadata = { title: "Link this LMS course" };
export const dynamic = "force-dynamic";

// Where an instructor's first launch from an unlinked LMS course lands
// (lib/lti/pending-course-link.ts): pick one of their Chainrule courses, or a new one.

export default async function LinkCoursePage({ searchParams }: { searchParams: Promise<{ pending?: string }> }) {
  const { pending: token = "" } = await searchParams;
  const user = await pageUser(`/lti/link-course?pending=${encodeURIComponent(token)}`);
  const pending = await readPendingCourseLink(token, user.id).catch((error: unknown) => {
    if (isAppError(error)) return error;
    throw error;
  });
  if (isAppError(pending)) {
    return (
      <div className="card">
        <h1>Link this LMS course</h1>
        <p className="error" role="alert">
          {pending.message}
        </p>
      </div>
    );
  }
  const courses = await linkableCoursesFor(getDb(), user.id);
  const name = pending.context.title || pending.context.label || "this LMS course";
  return (
    <div className="card">
      <h1>Link “{name}” to Chainrule</h1>
      <p className="muted">
        This LMS course is not linked to a Chainrule course yet. Its students will see the course you choose; you can link it only to a
        course you teach.
      </p>
      <LinkCourseForm pending={token} courses={courses} />
    </div>
  );
}
