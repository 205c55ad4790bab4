"use server";

import { submittedForm } from "@/lib/http/action-input";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { getSessionUser, requireUser } from "@/lib/auth/session";
import { serverEnv } from "@/lib/env";
import { toAppError } from "@/lib/http/route";
import { clientNetwork } from "@/lib/rate-limit/client-ip";
import { SIGN_UP_DONE, signUp } from "@/lib/users/sign-up";
import { joinCourse } from "@/lib/users/join-course";

export interface SignUpState {
  error: string | null;
  /** Set once the form was accepted: the same words whether the email was new or not (lib/users/sign-up.ts). */
  done: string | null;
}

// Public by design (it creates the account), but refused to a signed-in user,
// and the invite rules are enforced in lib/users/sign-up.ts, not in the form.
export async function signUpAction(_previous: SignUpState, form: FormData): Promise<SignUpState> {
  if (await getSessionUser()) return { error: "You are already signed in; sign out to create another account.", done: null };
  try {
    form = submittedForm(form);
    await signUp({
      db: getDb(),
      mode: serverEnv().CHAINRULE_SIGNUP,
      network: clientNetwork(await headers()),
      input: {
        name: String(form.get("name") ?? ""),
        email: String(form.get("email") ?? ""),
        password: String(form.get("password") ?? ""),
        inviteCode: String(form.get("inviteCode") ?? "") || undefined,
      },
    });
    return { error: null, done: SIGN_UP_DONE };
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message, done: null };
  }
}

export interface JoinState {
  error: string | null;
}

/** A signed-in user who opens a course's invite link joins it as a student (or is told they are in it already). */
export async function joinCourseAction(_previous: JoinState, form: FormData): Promise<JoinState> {
  try {
    form = submittedForm(form);
    const user = await requireUser();
    await joinCourse({ db: getDb(), userId: user.id, inviteCode: String(form.get("inviteCode") ?? "") });
  } catch (error) {
    const appError = toAppError(error);
    if (!appError) throw error;
    return { error: appError.message };
  }
  redirect("/courses");
}
