import "server-only";
import { notFound, redirect } from "next/navigation";
import { pageStaff, FORBIDDEN_PATH } from "@/lib/auth/page-guards";
import type { AuthorizedUser } from "@/lib/auth/session";
import { AppError } from "@/lib/errors";

/**
 * A staff page's data: signs the visitor in (or sends them to sign in), then
 * loads through lib/, whose functions check the course role on the server.
 * A refusal for this course becomes the /forbidden page, a missing
 * assessment or student a 404, like every other page.
 */
export async function staffPageData<T>(returnTo: string, load: (actor: AuthorizedUser) => Promise<T>): Promise<T> {
  const actor = await pageStaff(returnTo);
  try {
    return await load(actor);
  } catch (error) {
    if (error instanceof AppError && error.code === "FORBIDDEN") redirect(`${FORBIDDEN_PATH}?from=${encodeURIComponent(returnTo)}`);
    if (error instanceof AppError && error.code === "NOT_FOUND") notFound();
    throw error;
  }
}
