"use server";

import { submittedForm } from "@/lib/http/action-input";
import { headers } from "next/headers";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { toAppError } from "@/lib/http/route";
import { clientNetwork } from "@/lib/rate-limit/client-ip";
import { changePassword } from "@/lib/users/change-password";

export interface ChangePasswordState {
  error: string | null;
  done: boolean;
}

/** The signed-in user's own password (lib/users/change-password.ts); it signs them out everywhere. */
export async function changePasswordAction(_previous: ChangePasswordState, form: FormData): Promise<ChangePasswordState> {
  try {
    form = submittedForm(form);
    const user = await requireUser();
    await changePassword({
      db: getDb(),
      userId: user.id,
      network: clientNetwork(await headers()),
      input: { currentPassword: String(form.get("currentPassword") ?? ""), newPassword: String(form.get("newPassword") ?? "") },
    });
    return { error: null, done: true };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, done: false };
  }
}
