"use client";

import { useActionState } from "react";
import { accountLinkAction, type AccountLinkState } from "./actions";
import { CopyButton } from "@/app/components/problem/copy-button";
import { FormError } from "@/app/components/form-error";
import { LocalDate } from "@/app/components/dates/local-date";

const initial: AccountLinkState = { error: null, link: null };

/**
 * Makes the single-use link with which a member sets their password: to
 * claim an account added here, or after forgetting it. The wording is the
 * same for both, so the roster does not say who had an account before.
 */
export function AccountLinkCell({
  courseId,
  userId,
  name,
  timeZone,
}: {
  courseId: string;
  userId: string;
  name: string;
  timeZone: string;
}) {
  const [state, action, pending] = useActionState(accountLinkAction, initial);
  return (
    <>
      <form action={action} className="inline-form">
        <input type="hidden" name="courseId" value={courseId} />
        <input type="hidden" name="userId" value={userId} />
        <button type="submit" className="secondary" disabled={pending} aria-label={`Password link for ${name}`}>
          Password link
        </button>
      </form>
      {state.link && (
        <p className="account-link" data-testid="account-link">
          <code>{state.link.url}</code> <CopyButton label="Copy" text={state.link.url} describes={`password link for ${name}`} />
          <br />
          <span className="muted">
            Give it to {name} only: it works once, until <LocalDate at={state.link.expiresAt} timeZone={timeZone} />, and replaces any
            earlier link.
          </span>
        </p>
      )}
      <FormError message={state.error} />
    </>
  );
}
