"use client";

import { useActionState } from "react";
import { importRosterAction, type ImportState } from "./actions";
import { FormError } from "@/app/components/form-error";

const KIND_LABEL: Record<string, string> = {
  add: "add to course",
  update: "change",
  unchanged: "no change",
};

const initial: ImportState = {
  stage: "idle",
  csv: "",
  plan: { counts: { add: 0, update: 0, unchanged: 0 }, changes: [] },
  rowErrors: [],
  error: null,
};

/** Paste or type CSV, preview what would change (a dry run), then apply it. */
export function RosterImport({ courseId }: { courseId: string }) {
  const [state, action, pending] = useActionState(importRosterAction, initial);
  return (
    <form action={action} className="form roster-import">
      <input type="hidden" name="courseId" value={courseId} />
      <label>
        People to add or change, as CSV with a header row (email, and optionally name, role, section)
        <textarea
          name="csv"
          rows={6}
          defaultValue={state.csv || "email,name,role,section\n"}
          key={state.stage === "applied" ? "applied" : "editing"}
          spellCheck={false}
        />
      </label>
      <FormError message={state.error} />
      {state.rowErrors.length > 0 && (
        <ul className="error" aria-label="Lines to fix">
          {state.rowErrors.map((e) => (
            <li key={`${e.line}-${e.message}`}>
              Line {e.line}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {state.stage !== "idle" && (
        <div role="status" data-testid="roster-plan">
          <p>
            {state.stage === "preview" ? "Preview, nothing changed yet: " : "Applied: "}
            {state.plan.counts.add} added, {state.plan.counts.update} changed, {state.plan.counts.unchanged} unchanged.
          </p>
          <ul>
            {state.plan.changes
              .filter((c) => c.kind !== "unchanged")
              .map((c) => (
                <li key={c.email}>
                  {c.email}: {KIND_LABEL[c.kind]} {c.from ? `${c.from.toLowerCase()} → ` : ""}
                  {c.role.toLowerCase()}
                </li>
              ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        <button type="submit" name="intent" value="preview" className="secondary" disabled={pending}>
          Preview changes
        </button>
        <button type="submit" name="intent" value="apply" disabled={pending || state.stage !== "preview"}>
          Apply {state.stage === "preview" ? "these changes" : ""}
        </button>
      </div>
    </form>
  );
}
