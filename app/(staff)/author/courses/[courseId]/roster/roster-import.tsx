"use client";

import { useActionState } from "react";
import { importRosterAction, type ImportState } from "./actions";
import { CsvImportForm } from "@/app/components/csv-import-form";

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
  const { counts } = state.plan;
  return (
    <CsvImportForm
      action={action}
      pending={pending}
      className="roster-import"
      hidden={{ courseId }}
      label="People to add or change, as CSV with a header row (email, and optionally name, role, section)"
      csv={state.csv}
      header={"email,name,role,section\n"}
      stage={state.stage === "applied" ? "done" : state.stage}
      error={state.error}
      lineErrors={state.rowErrors}
      summary={`${state.stage === "preview" ? "Preview, nothing changed yet: " : "Applied: "}${counts.add} added, ${counts.update} changed, ${counts.unchanged} unchanged.`}
      plan={
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
      }
      planTestId="roster-plan"
      previewLabel="Preview changes"
      applyIntent="apply"
      applyLabel={(previewed) => `Apply ${previewed ? "these changes" : ""}`}
    />
  );
}
