"use client";

import Link from "next/link";
import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "./actions";
import { FormError } from "@/app/components/form-error";

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
      <label>
        New password (at least 8 characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={8} />
      </label>
      <FormError message={state.error} />
      <button type="submit" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
