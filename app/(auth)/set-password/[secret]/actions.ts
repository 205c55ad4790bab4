"use server";

import { submittedForm } from "@/lib/http/action-input";
import { getDb } from "@/lib/db/client";
import { toAppError } from "@/lib/http/route";
import { redeemAccountLink } from "@/lib/accounts/redeem-account-link";

export interface SetPasswordState {
  error: string | null;
  /** The account's email once its password is set. */
  done: string | null;
}

// Public by design: holding the link is the permission (lib/accounts/redeem-account-link.ts checks it).
export async function setPasswordAction(_previous: SetPasswordState, form: FormData): Promise<SetPasswordState> {
  try {
    form = submittedForm(form);
    const { email } = await redeemAccountLink({
      db: getDb(),
      secret: String(form.get("secret") ?? ""),
      input: { password: String(form.get("password") ?? ""), name: form.has("name") ? String(form.get("name")) : undefined },
    });
    return { error: null, done: email };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, done: null };
  }
}
