import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { homePathFor, isStaffRole, type CourseRole } from "@/lib/auth/roles";

// Where a launch lands (docs/lti.md): the assessment or problem the
// resource link is linked to (by deep linking, or by an earlier launch);
// else the one `custom.chainrule_target` names, which is then stored on the
// link; else the course's page. Targets are looked up in the launch's own
// course only, so an LMS can open nothing of another course.
// Students open the assessment or problem; staff open its gradebook.

/** `assessment:<slug>` or `problem:<assessment slug>/<problem slug>`. */
export function parseChainruleTarget(value: string | undefined): { assessmentSlug: string; problemSlug?: string } | null {
  if (!value) return null;
  const assessment = /^assessment:([^/\s]+)$/.exec(value.trim());
  if (assessment) return { assessmentSlug: assessment[1] };
  const problem = /^problem:([^/\s]+)\/([^/\s]+)$/.exec(value.trim());
  if (problem) return { assessmentSlug: problem[1], problemSlug: problem[2] };
  return null;
}

interface Target {
  assessmentId: string;
  assessmentProblemId: string | null;
}

async function resolveTarget(db: Db, courseId: string, value: string | undefined): Promise<Target | null> {
  const target = parseChainruleTarget(value);
  if (!target) return null;
  const assessment = await db.assessment.findUnique({
    where: { courseId_slug: { courseId, slug: target.assessmentSlug } },
    select: { id: true, problems: { select: { id: true, problem: { select: { slug: true } } } } },
  });
  if (!assessment) return null;
  if (!target.problemSlug) return { assessmentId: assessment.id, assessmentProblemId: null };
  const placement = assessment.problems.find((p) => p.problem.slug === target.problemSlug);
  return placement ? { assessmentId: assessment.id, assessmentProblemId: placement.id } : null;
}

export interface LandingInput {
  platformId: string;
  courseLinkId: string;
  courseId: string;
  resourceLink: { id: string; title: string } | null;
  custom: Record<string, string>;
  role: CourseRole;
}

/** Stores the resource link (and a target it now points to) and returns the path to open. */
export async function landLaunch(db: Db, input: LandingInput): Promise<string> {
  let target: Target | null = null;
  if (input.resourceLink) {
    const key = { platformId: input.platformId, courseLinkId: input.courseLinkId, resourceLinkId: input.resourceLink.id };
    const title = input.resourceLink.title.slice(0, 500);
    const upsert = () =>
      db.ltiResourceLink.upsert({ where: { platformId_courseLinkId_resourceLinkId: key }, create: { ...key, title }, update: { title } });
    // Two first launches of one link at once: the loser of the insert finds the winner's row on a second try.
    const link = await upsert().catch((error: unknown) => {
      if (isUniqueViolation(error)) return upsert();
      throw error;
    });
    if (link.assessmentId) target = { assessmentId: link.assessmentId, assessmentProblemId: link.assessmentProblemId };
    else {
      target = await resolveTarget(db, input.courseId, input.custom.chainrule_target);
      if (target) await db.ltiResourceLink.update({ where: { id: link.id }, data: target });
    }
  } else {
    target = await resolveTarget(db, input.courseId, input.custom.chainrule_target);
  }
  if (!target) return homePathFor([{ courseId: input.courseId, role: input.role }]);
  if (isStaffRole(input.role)) return `/gradebook/${target.assessmentId}`;
  if (!target.assessmentProblemId) return `/assessments/${target.assessmentId}`;
  const placement = await db.assessmentProblem.findUnique({
    where: { id: target.assessmentProblemId },
    select: { problem: { select: { slug: true } } },
  });
  return placement ? `/assessments/${target.assessmentId}/problems/${placement.problem.slug}` : `/assessments/${target.assessmentId}`;
}
