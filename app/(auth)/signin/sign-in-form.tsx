"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { FormError } from "@/app/components/form-error";
import { safeReturnPath } from "@/lib/auth/safe-return-path";

export function SignInForm({ returnTo, initialError }: { returnTo: string; initialError: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(initialError);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signIn("credentials", {
      email: String(form.get("email") ?? ""),
      password: String(form.get("password") ?? ""),
      redirect: false,
    });
    setPending(false);
    if (!result || result.error) {
      // "CredentialsSignin" is next-auth's word for a wrong email or password; any other error is our own message (a lock-out).
      setError(!result || result.error === "CredentialsSignin" ? "Wrong email or password. Check both and try again." : result.error);
      return;
    }
    // The page checked it already; checked again here so that no caller can hand the form an off-site URL.
    router.replace(safeReturnPath(returnTo));
    router.refresh();
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <label>
        Email
        <input name="email" type="email" autoComplete="username" required />
      </label>
      <label>
        Password
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      <FormError message={error} />
      <button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
