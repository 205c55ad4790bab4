"use client";

import { useActionState } from "react";
import { importExceptionsAction, type ExceptionImportState } from "./actions";
import { FormError } from "@/app/components/form-error";

const initial: ExceptionImportState = { stage: "idle", csv: "", rows: [], rowErrors: [], error: null };
const HEADER = "email,section,dueAt,lateCutoffAt,extraAttempts,timeMultiplier,reason\n";

/** Paste CSV, preview what would be granted (a dry run: nothing stored), then import all of it or nothing. */
export function ExceptionImport({ assessmentId, timeZone }: { assessmentId: string; timeZone: string }) {
  const [state, action, pending] = useActionState(importExceptionsAction, initial);
  return (
    <form action={action} className="form exception-import">
      <input type="hidden" name="assessmentId" value={assessmentId} />
      <label>
        One exception per row: an email or a section, and a reason; dates as YYYY-MM-DDTHH:mm in {timeZone} (or with an offset)
        <textarea
          name="csv"
          rows={6}
          defaultValue={state.csv || HEADER}
          key={state.stage === "imported" ? "imported" : "editing"}
          spellCheck={false}
        />
      </label>
      <FormError message={state.error} />
      {state.rowErrors.length > 0 && (
        <ul className="error" aria-label="Lines to fix" data-testid="exception-import-errors">
          {state.rowErrors.map((e) => (
            <li key={`${e.line}-${e.column ?? ""}-${e.message}`}>
              Line {e.line}
              {e.column && `, ${e.column}`}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {state.stage !== "idle" && (
        <div role="status" data-testid="exception-import-plan">
          <p>
            {state.stage === "preview" ? "Preview, nothing stored yet: " : "Imported: "}
            {state.rows.length} {state.rows.length === 1 ? "exception" : "exceptions"}.
          </p>
          <ul>
            {state.rows.map((row) => (
              <li key={row.line}>
                Line {row.line}: {row.name ? `${row.name} (${row.who})` : row.who}: {row.terms} ({row.reason})
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        <button type="submit" name="intent" value="preview" className="secondary" disabled={pending}>
          Preview import
        </button>
        <button type="submit" name="intent" value="import" disabled={pending || state.stage !== "preview"}>
          Import {state.stage === "preview" ? `these ${state.rows.length}` : ""}
        </button>
      </div>
    </form>
  );
}
