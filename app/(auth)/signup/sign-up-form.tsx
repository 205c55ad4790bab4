"use client";

import Link from "next/link";
import { useActionState } from "react";
import { signUpAction, type SignUpState } from "./actions";
import { FormError } from "@/app/components/form-error";
import { NewPasswordField } from "@/app/components/new-password-field";

const initialState: SignUpState = { error: null, done: null };

export function SignUpForm({ inviteCode }: { inviteCode: string }) {
  const [state, formAction, pending] = useActionState(signUpAction, initialState);
  if (state.done) {
    return (
      <p role="status">
        {state.done} <Link href="/signin">Sign in</Link>.
      </p>
    );
  }
  return (
    <form className="form" action={formAction}>
      <input type="hidden" name="inviteCode" value={inviteCode} />
      <label>
        Name
        <input name="name" autoComplete="name" required maxLength={200} />
      </label>
      <label>
        Email
        <input name="email" type="email" autoComplete="email" required maxLength={320} />
      </label>
      <NewPasswordField name="password" label="Password" />
      <FormError message={state.error} />
      <button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
