"use client";

import { useActionState } from "react";
import { importExceptionsAction, type ExceptionImportState } from "./actions";
import { CsvImportForm } from "@/app/components/csv-import-form";

const initial: ExceptionImportState = { stage: "idle", csv: "", rows: [], rowErrors: [], error: null };
const HEADER = "email,section,dueAt,lateCutoffAt,extraAttempts,timeMultiplier,reason\n";

/** Paste CSV, preview what would be granted (a dry run: nothing stored), then import all of it or nothing. */
export function ExceptionImport({ assessmentId, timeZone }: { assessmentId: string; timeZone: string }) {
  const [state, action, pending] = useActionState(importExceptionsAction, initial);
  const count = `${state.rows.length} ${state.rows.length === 1 ? "exception" : "exceptions"}.`;
  return (
    <CsvImportForm
      action={action}
      pending={pending}
      className="exception-import"
      hidden={{ assessmentId }}
      label={`One exception per row: an email or a section, and a reason; dates as YYYY-MM-DDTHH:mm in ${timeZone} (or with an offset)`}
      csv={state.csv}
      header={HEADER}
      stage={state.stage === "imported" ? "done" : state.stage}
      error={state.error}
      lineErrors={state.rowErrors}
      lineErrorsTestId="exception-import-errors"
      summary={`${state.stage === "preview" ? "Preview, nothing stored yet: " : "Imported: "}${count}`}
      plan={
        <ul>
          {state.rows.map((row) => (
            <li key={row.line}>
              Line {row.line}: {row.name ? `${row.name} (${row.who})` : row.who}: {row.terms} ({row.reason})
            </li>
          ))}
        </ul>
      }
      planTestId="exception-import-plan"
      previewLabel="Preview import"
      applyIntent="import"
      applyLabel={(previewed) => `Import ${previewed ? `these ${state.rows.length}` : ""}`}
    />
  );
}
