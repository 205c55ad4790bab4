"use server";

import { getDb } from "@/lib/db/client";
import { getSessionUser } from "@/lib/auth/session";
import { serverEnv } from "@/lib/env";
import { toAppError } from "@/lib/http/route";
import { signUp } from "@/lib/users/sign-up";

export interface SignUpState {
  error: string | null;
  done: boolean;
}

// Public by design (it creates the account), but refused to a signed-in user,
// and the invite rules are enforced in lib/users/sign-up.ts, not in the form.
export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  if (await getSessionUser()) return { error: "You are already signed in; sign out to create another account.", done: false };
  try {
    await signUp({
      db: getDb(),
      mode: serverEnv().CHAINRULE_SIGNUP,
      input: {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        inviteCode: String(form.get("inviteCode") ?? "") || undefined,
      },
    });
    return { error: null, done: true };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, done: false };
  }
}
