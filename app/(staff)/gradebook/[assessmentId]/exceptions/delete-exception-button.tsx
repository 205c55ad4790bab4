"use client";

import { useActionState, useState } from "react";
import { deleteExceptionAction, type DeleteState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initial: DeleteState = { error: null };

/** Removing an exception takes two clicks: the first asks to confirm, naming whose it is. */
export function DeleteExceptionButton({ assessmentId, id, who }: { assessmentId: string; id: string; who: string }) {
  const [state, action, pending] = useActionState(deleteExceptionAction, initial);
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="secondary" onClick={() => setConfirming(true)}>
        Remove
      </button>
    );
  }
  return (
    <form action={action} className="inline-form">
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <input type="hidden" name="id" value={id} />
      <span>Remove the exception for {who}?</span>
      <button type="submit" disabled={pending}>
        Yes, remove it
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Keep it
      </button>
      <FormError message={state.error} />
    </form>
  );
}
