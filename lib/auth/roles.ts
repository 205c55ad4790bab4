// Course roles and where each one works. Pure functions: used by the proxy,
// the pages and the API alike.
import type { Role } from "@/lib/db/generated/sqlite/enums";

export type CourseRole = Role;

export interface Membership {
  courseId: string;
  role: CourseRole;
}

export const STAFF_ROLES: readonly CourseRole[] = ["TA", "INSTRUCTOR"];

export function isStaffRole(role: CourseRole): boolean {
  return STAFF_ROLES.includes(role);
}

export function hasAnyRole(memberships: readonly Membership[], roles: readonly CourseRole[]): boolean {
  return memberships.some((membership) => roles.includes(membership.role));
}

/** The pages each kind of user works in. */
export const HOME_PATHS = {
  INSTRUCTOR: "/author",
  TA: "/gradebook",
  STUDENT: "/courses",
} as const satisfies Record<CourseRole, string>;

/**
 * Where the home page sends a signed-in user: the most senior role they hold
 * in any course decides, so an instructor who also takes a course as a
 * student lands in the authoring pages. A user with no course lands on the
 * student page, which explains how to join one.
 */
export function homePathFor(memberships: readonly Membership[]): string {
  if (hasAnyRole(memberships, ["INSTRUCTOR"])) return HOME_PATHS.INSTRUCTOR;
  if (hasAnyRole(memberships, ["TA"])) return HOME_PATHS.TA;
  return HOME_PATHS.STUDENT;
}

/** Path prefixes only course staff may open; the proxy and each page check them. */
export const STAFF_PATH_PREFIXES = ["/gradebook", "/author", "/api/staff"] as const;

export function isStaffPath(pathname: string): boolean {
  return STAFF_PATH_PREFIXES.some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}
