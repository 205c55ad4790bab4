import "server-only";
import { cache } from "react";
import { getDb, type Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requestSessionClaims } from "./session-token";
import { selectSessionRoles } from "./session-roles.sql";
import { ACCOUNT_GONE, assertSessionCurrent, SESSION_ENDED } from "./session-version";
import { type CourseRole, type Membership, STAFF_ROLES } from "./roles";

// The server-side permission checks every route handler, server action and
// page runs. The proxy (proxy.ts) only sends anonymous visitors to sign in
// early; it is never the check that counts. Memberships are read from the
// database here, not from the session token, so a role change takes effect
// on the next request.

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  /** The version the session token was issued at; the token is refused once the user's sessionVersion moves past it. */
  sessionVersion: number;
}

/** A checked user with their current roles; what lib/ functions take as the acting user. */
export interface AuthorizedUser extends Omit<SessionUser, "sessionVersion"> {
  memberships: Membership[];
}

/**
 * Who the session cookie names (decoded once per token: lib/auth/session-token.ts), not yet checked against the
 * database; null when no one.
 */
async function tokenSessionUser(): Promise<SessionUser | null> {
  const claims = await requestSessionClaims();
  return claims && { id: claims.userId, email: claims.email, name: claims.name, sessionVersion: claims.sessionVersion };
}

/**
 * Who is signed in, checked against the database: null when no one is, or
 * when the cookie's session was ended (sign-out, password change) or its
 * account deleted. For pages that only ask whether someone is signed in.
 */
export async function getSessionUser(): Promise<SessionUser | null> {
  const user = await tokenSessionUser();
  if (!user) return null;
  try {
    await assertSessionCurrent(getDb(), user);
    return user;
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  }
}

/**
 * The signed-in user from the session token alone, UNAUTHENTICATED
 * otherwise: no database read. Only for handlers whose own query checks the
 * role and the session's version, such as a student's problem routes
 * (lib/problems/resolve-placement.ts joins the enrolment and the user's
 * sessionVersion in the placement's query and, only when nothing matched,
 * looks the account up to tell an ended session from a missing problem);
 * everywhere else, requireUser.
 */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await tokenSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return user;
}

/**
 * The signed-in user with their current course roles; UNAUTHENTICATED
 * otherwise. Read once per request of a page (React's `cache`): the header
 * and the page itself both ask.
 */
export const requireUser = cache(async (): Promise<AuthorizedUser> => {
  const user = await tokenSessionUser();
  if (!user) throw new AppError("UNAUTHENTICATED", "Sign in to continue.");
  return authorizeSessionUser(getDb(), user);
});

/**
 * A session's user with their current course roles, in one query for all
 * three: whether the account still exists (a token can outlive a deleted
 * account: treated as signed out), whether the session is still current
 * (its version is the user's sessionVersion: sign-out and password changes
 * raise it), and its enrolments. Every signed-in request runs it, so it is
 * a single LEFT JOIN rather than Prisma's query per relation, sent to the
 * driver directly (session-roles.sql.ts).
 */
export async function authorizeSessionUser(db: Db, user: SessionUser): Promise<AuthorizedUser> {
  const rows = await selectSessionRoles(db, user.id);
  if (rows.length === 0) throw new AppError("UNAUTHENTICATED", ACCOUNT_GONE);
  if (rows[0].sessionVersion !== user.sessionVersion) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
  const memberships = rows.flatMap(({ courseId, role }) => (courseId !== null && role !== null ? [{ courseId, role }] : []));
  return { id: user.id, email: user.email, name: user.name, memberships };
}

/** The user's role in a course, if it is one of `roles`; FORBIDDEN otherwise. */
export function assertCourseRole(user: AuthorizedUser, courseId: string, roles: readonly CourseRole[]): CourseRole {
  const membership = user.memberships.find((m) => m.courseId === courseId);
  if (!membership || !roles.includes(membership.role)) {
    throw new AppError("FORBIDDEN", "You do not have access to this course's staff pages.");
  }
  return membership.role;
}

export async function requireCourseRole(courseId: string, roles: readonly CourseRole[]): Promise<AuthorizedUser> {
  const user = await requireUser();
  assertCourseRole(user, courseId, roles);
  return user;
}

/** A user who is staff (TA or instructor) in at least one course. */
export async function requireStaff(roles: readonly CourseRole[] = STAFF_ROLES): Promise<AuthorizedUser> {
  const user = await requireUser();
  if (!user.memberships.some((m) => roles.includes(m.role))) {
    throw new AppError("FORBIDDEN", "This page is for course staff.");
  }
  return user;
}

/**
 * A user with one of `roles` in the course an assessment belongs to. Route
 * handlers that take a body call it before reading the body, so that the
 * answer to a forbidden request never depends on what it sent.
 */
export async function requireAssessmentRole(assessmentId: string, roles: readonly CourseRole[]): Promise<AuthorizedUser> {
  const user = await requireUser();
  const assessment = await getDb().assessment.findUnique({ where: { id: assessmentId }, select: { courseId: true } });
  if (!assessment) throw new AppError("NOT_FOUND", "There is no such assessment.");
  assertCourseRole(user, assessment.courseId, roles);
  return user;
}
