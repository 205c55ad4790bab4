// The starting point of the staff-side tests: a course fixture whose users
// come back as the `actor` that lib/gradebook, lib/overrides, lib/regrade,
// lib/analytics and lib/exports check roles against, with their course roles
// read from the database as lib/auth/session does on each request.
import type { Db } from "@/lib/db/client";
import type { AuthorizedUser } from "@/lib/auth/session";
import { loadMemberships } from "@/lib/auth/credentials";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { createCourseFixture, type CourseFixtureOptions } from "../../support/course-fixture";

/** nn-backprop 2.1(d), ∂y/∂W0: the right answer, and the one that forgets z's σ′ factor (a known mistake worth 0). */
export const RIGHT_DW0 = "(W1.T * z * (1 - z)) @ x.T";
export const HALF_DW0 = "(W1.T * z) @ x.T";
/** nn-backprop's part points: d.dW0 is 3 of 19. */
export const DW0_SHARE = 3 / 19;

export async function actorFor(db: Db, user: { id: string; email: string; name: string }): Promise<AuthorizedUser> {
  return { id: user.id, email: user.email, name: user.name, memberships: await loadMemberships(db, user.id) };
}

export async function createStaffFixture(db: Db, options: CourseFixtureOptions = {}) {
  const fixture = await createCourseFixture(db, options);
  const ta = await actorFor(db, await fixture.addUser("TA"));
  const addStudent = async (name: string, section = "") => {
    const user = await fixture.addUser("STUDENT", name);
    if (section)
      await db.enrollment.update({ where: { userId_courseId: { userId: user.id, courseId: fixture.course.id } }, data: { section } });
    return user;
  };
  const submit = (userId: string, slug: string, answers: Record<string, string>, now?: Date) =>
    submitAnswers({ db, userId, slug, assessmentId: fixture.assessment.id, answers, now });
  return { ...fixture, ta, addStudent, submit };
}
