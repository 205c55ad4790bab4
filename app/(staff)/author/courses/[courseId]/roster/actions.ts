"use server";

import { formOrEmpty, submittedForm } from "@/lib/http/action-input";
import { revalidatePath } from "next/cache";
import { getDb, type Role } from "@/lib/db/client";
import { requireCourseRole } from "@/lib/auth/session";
import { actionAccess } from "@/lib/auth/page-guards";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/route";
import { parseRosterCsv, type RosterRowError } from "@/lib/roster/roster-csv";
import { planRosterChanges, type RosterPlan } from "@/lib/roster/plan-roster-changes";
import { applyRosterChanges } from "@/lib/roster/apply-roster-changes";
import { changeMemberRole, removeMember } from "@/lib/roster/change-member";
import { regenerateInvite } from "@/lib/roster/regenerate-invite";
import { accountLinkFields, changeRoleFields, courseIdSchema } from "@/lib/roster/requests";
import { issueAccountLink } from "@/lib/accounts/issue-account-link";
import { siteUrl } from "@/lib/env";

// Roster changes, for the course's instructors only: every action checks the
// session and the role on the server (requireCourseRole), whatever the form sent.

export interface ImportState {
  /** "preview": nothing changed yet; "applied": the plan was carried out. */
  stage: "idle" | "preview" | "applied";
  csv: string;
  plan: Pick<RosterPlan, "counts"> & { changes: { kind: string; email: string; role: Role; from?: Role }[] };
  rowErrors: RosterRowError[];
  error: string | null;
}

function failure(previous: ImportState, error: unknown): ImportState {
  const appError = toAppError(error);
  if (!appError) throw error;
  // The previous state is what the browser sent back: kept only when it has the form's shape.
  const kept = typeof previous === "object" && previous !== null && typeof previous.csv === "string" ? previous : null;
  return {
    stage: kept?.stage ?? "idle",
    csv: kept?.csv ?? "",
    plan: kept?.plan ?? { counts: { add: 0, update: 0, unchanged: 0 }, changes: [] },
    rowErrors: kept?.rowErrors ?? [],
    error: appError.message,
  };
}

export async function importRosterAction(previous: ImportState, form: FormData): Promise<ImportState> {
  try {
    form = submittedForm(form);
    const courseId = courseIdSchema.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const csv = String(form.get("csv") ?? "");
    const apply = form.get("intent") === "apply";
    const { rows, errors } = parseRosterCsv(csv);
    if (errors.length > 0) {
      return {
        stage: "idle",
        csv,
        plan: { counts: { add: 0, update: 0, unchanged: 0 }, changes: [] },
        rowErrors: errors,
        error: "Fix the lines below, then preview again.",
      };
    }
    const db = getDb();
    const plan = apply
      ? await applyRosterChanges({ db, actorId: actor.id, courseId, rows })
      : await planRosterChanges({ db, courseId, rows });
    if (apply) revalidatePath(`/author/courses/${courseId}/roster`);
    return {
      stage: apply ? "applied" : "preview",
      csv,
      plan: {
        counts: plan.counts,
        changes: plan.changes.map((change) => ({
          kind: change.kind,
          email: change.row.email,
          role: change.row.role,
          ...(change.kind === "update" ? { from: change.from.role } : {}),
        })),
      },
      rowErrors: [],
      error: null,
    };
  } catch (error) {
    return failure(previous, error);
  }
}

export interface MemberActionState {
  error: string | null;
}

export async function changeRoleAction(_previous: MemberActionState, form: FormData): Promise<MemberActionState> {
  try {
    form = submittedForm(form);
    const courseId = changeRoleFields.courseId.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const userId = changeRoleFields.userId.parse(form.get("userId"));
    const role = changeRoleFields.role.parse(form.get("role"));
    if (form.get("intent") === "remove") await removeMember({ db: getDb(), actorId: actor.id, courseId, userId });
    else await changeMemberRole({ db: getDb(), actorId: actor.id, courseId, userId, role });
    revalidatePath(`/author/courses/${courseId}/roster`);
    return { error: null };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message };
  }
}

export async function regenerateInviteAction(form: FormData): Promise<void> {
  form = formOrEmpty(form);
  const parsed = courseIdSchema.safeParse(form.get("courseId"));
  const courseId = parsed.success ? parsed.data : "";
  // A refused or malformed request goes to sign in or the forbidden page, like a page would.
  const actor = await actionAccess(`/author/courses/${courseId}/roster`, async () => {
    if (!parsed.success) throw new AppError("NOT_FOUND", "There is no such course.");
    return requireCourseRole(courseId, ["INSTRUCTOR"]);
  });
  await regenerateInvite({ db: getDb(), actorId: actor.id, courseId });
  revalidatePath(`/author/courses/${courseId}/roster`);
}

export interface AccountLinkState {
  error: string | null;
  /** The link to copy and pass on, with when it stops working (ISO). */
  link: { url: string; expiresAt: string } | null;
}

/** Makes a member's single-use set-password link (lib/accounts/issue-account-link.ts), for the instructor to copy. */
export async function accountLinkAction(_previous: AccountLinkState, form: FormData): Promise<AccountLinkState> {
  try {
    form = submittedForm(form);
    const courseId = accountLinkFields.courseId.parse(form.get("courseId"));
    const actor = await requireCourseRole(courseId, ["INSTRUCTOR"]);
    const userId = accountLinkFields.userId.parse(form.get("userId"));
    const delivery = await issueAccountLink({ db: getDb(), actorId: actor.id, courseId, userId, baseUrl: siteUrl() });
    return { error: null, link: delivery.method === "copy" ? { url: delivery.url, expiresAt: delivery.expiresAt.toISOString() } : null };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, link: null };
  }
}
