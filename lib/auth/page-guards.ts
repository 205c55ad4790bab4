import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { type CourseRole, STAFF_ROLES } from "./roles";
import { type AuthorizedUser, requireCourseRole, requireSessionUser, requireStaff, requireUser, type SessionUser } from "./session";
import { SIGN_IN_PATH } from "./options";
import { markPageLoad } from "@/lib/http/mark-page-load";

// The page-side twins of lib/auth/session.ts: instead of a 401/403 JSON error
// a page sends the visitor to sign in, or to the page explaining they lack access.

export const FORBIDDEN_PATH = "/forbidden";

function signInRedirect(returnTo: string): never {
  redirect(`${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}`);
}

async function orRedirect<T>(returnTo: string, check: () => Promise<T>): Promise<T> {
  // A client navigation renders the page without the root layout, which counts full loads.
  markPageLoad();
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") signInRedirect(returnTo);
    if (error instanceof AppError && error.code === "FORBIDDEN") redirect(`${FORBIDDEN_PATH}?from=${encodeURIComponent(returnTo)}`);
    throw error;
  }
}

/**
 * For a form action that returns nothing to show (it redirects when done):
 * a caller the check refuses is sent to sign in or to the forbidden page,
 * as a page would send them, instead of the action throwing (which the
 * browser can only show as a server error). NOT_FOUND counts as refused: a
 * missing assessment and another course's look the same.
 */
export async function actionAccess<T>(returnTo: string, check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") signInRedirect(returnTo);
    if (error instanceof AppError && (error.code === "FORBIDDEN" || error.code === "NOT_FOUND")) {
      redirect(`${FORBIDDEN_PATH}?from=${encodeURIComponent(returnTo)}`);
    }
    throw error;
  }
}

export function pageUser(returnTo: string): Promise<AuthorizedUser> {
  return orRedirect(returnTo, requireUser);
}

/**
 * The signed-in user from the session token alone (no roles read), for a
 * page whose own query checks access: the student's problem page, where the
 * placement's query joins the enrolment (lib/problems/resolve-placement.ts).
 * `load` runs with the user; a deleted account is sent to sign in.
 */
export function pageForSession<T>(returnTo: string, load: (user: SessionUser) => Promise<T>): Promise<T> {
  return orRedirect(returnTo, async () => load(await requireSessionUser()));
}

export function pageStaff(returnTo: string, roles: readonly CourseRole[] = STAFF_ROLES): Promise<AuthorizedUser> {
  return orRedirect(returnTo, () => requireStaff(roles));
}

/** A user with one of `roles` in this course; others go to sign in or to the forbidden page. */
export function pageCourseRole(returnTo: string, courseId: string, roles: readonly CourseRole[]): Promise<AuthorizedUser> {
  return orRedirect(returnTo, () => requireCourseRole(courseId, roles));
}
