"use client";

import { useActionState } from "react";
import { joinCourseAction, type JoinState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initialState: JoinState = { error: null };

export function JoinCourseForm({ inviteCode }: { inviteCode: string }) {
  const [state, formAction, pending] = useActionState(joinCourseAction, initialState);
  return (
    <form className="form" action={formAction}>
      <input type="hidden" name="inviteCode" value={inviteCode} />
      <FormError message={state.error} />
      <button type="submit" disabled={pending}>
        {pending ? "Joining…" : "Join as a student"}
      </button>
    </form>
  );
}
