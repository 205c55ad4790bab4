"use client";

import { useActionState } from "react";
import { duplicateAssessmentAction, publishAssessmentAction, type AssessmentFormState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initial: AssessmentFormState = { error: null, fieldErrors: {}, saved: false };

export function PublishControls({ assessmentId, published }: { assessmentId: string; published: boolean }) {
  const [state, publish, pending] = useActionState(publishAssessmentAction, initial);
  return (
    <div className="button-row">
      <form action={publish}>
        <input type="hidden" name="assessmentId" value={assessmentId} />
        <input type="hidden" name="published" value={published ? "false" : "true"} />
        <button type="submit" disabled={pending}>
          {published ? "Unpublish (hide from students)" : "Publish to students"}
        </button>
      </form>
      <form action={duplicateAssessmentAction}>
        <input type="hidden" name="assessmentId" value={assessmentId} />
        <button type="submit" className="secondary">
          Duplicate
        </button>
      </form>
      <FormError message={state.error} />
    </div>
  );
}
