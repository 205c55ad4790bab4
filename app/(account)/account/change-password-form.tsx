"use client";

import Link from "next/link";
import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "./actions";
import { FormError } from "@/app/components/form-error";
import { NewPasswordField } from "@/app/components/new-password-field";

const initialState: ChangePasswordState = { error: null, done: false };

export function ChangePasswordForm() {
  const [state, formAction, pending] = useActionState(changePasswordAction, initialState);
  if (state.done) {
    return (
      <p role="status">
        Your password is changed, and every device was signed out. <Link href="/signin">Sign in</Link> with the new one.
      </p>
    );
  }
  return (
    <form className="form" action={formAction}>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <NewPasswordField name="newPassword" label="New password" />
      <FormError message={state.error} />
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
