import "server-only";
import { redirect } from "next/navigation";
import { AppError } from "@/lib/errors";
import { type CourseRole, STAFF_ROLES } from "./roles";
import { type AuthorizedUser, requireCourseRole, requireStaff, requireUser } from "./session";
import { SIGN_IN_PATH } from "./options";

// The page-side twins of lib/auth/session.ts: instead of a 401/403 JSON error
// a page sends the visitor to sign in, or to the page explaining they lack access.

export const FORBIDDEN_PATH = "/forbidden";

function signInRedirect(returnTo: string): never {
  redirect(`${SIGN_IN_PATH}?callbackUrl=${encodeURIComponent(returnTo)}`);
}

async function orRedirect(returnTo: string, check: () => Promise<AuthorizedUser>): Promise<AuthorizedUser> {
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

export function pageStaff(returnTo: string, roles: readonly CourseRole[] = STAFF_ROLES): Promise<AuthorizedUser> {
  return orRedirect(returnTo, () => requireStaff(roles));
}

/** A user with one of `roles` in this course; others go to sign in or to the forbidden page. */
export function pageCourseRole(returnTo: string, courseId: string, roles: readonly CourseRole[]): Promise<AuthorizedUser> {
  return orRedirect(returnTo, () => requireCourseRole(courseId, roles));
}
