"use client";

import Link from "next/link";
import { useActionState } from "react";
import { setPasswordAction, type SetPasswordState } from "./actions";
import { FormError } from "@/app/components/form-error";
import { NewPasswordField } from "@/app/components/new-password-field";

const initialState: SetPasswordState = { error: null, done: null };

export function SetPasswordForm({ secret, claiming, name }: { secret: string; claiming: boolean; name: string }) {
  const [state, formAction, pending] = useActionState(setPasswordAction, initialState);
  if (state.done) {
    return (
      <p role="status">
        Your password is set. <Link href="/signin">Sign in</Link> as {state.done}.
      </p>
    );
  }
  return (
    <form className="form" action={formAction}>
      <input type="hidden" name="secret" value={secret} />
      {claiming && (
        <label>
          Name
          <input name="name" autoComplete="name" maxLength={200} defaultValue={name} />
        </label>
      )}
      <NewPasswordField name="password" label="New password" />
      <FormError message={state.error} />
      <button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </button>
    </form>
  );
}
