"use client";

import type { ReactNode } from "react";
import { FormError } from "@/app/components/form-error";

/** A line of the pasted CSV that must be fixed before anything is stored; `column` when the problem is in one column. */
export interface CsvLineError {
  line: number;
  column?: string | null;
  message: string;
}

export interface CsvImportFormProps {
  /** The form's action and pending flag, from the page's useActionState. */
  action: (form: FormData) => void;
  pending: boolean;
  className: string;
  /** Hidden fields sent with the CSV (which course or assessment). */
  hidden: Record<string, string>;
  label: ReactNode;
  /** The CSV as last sent, or "" for the header alone. */
  csv: string;
  header: string;
  /** "idle" before any preview, "preview" after a dry run, "done" once stored (the textarea then starts again). */
  stage: "idle" | "preview" | "done";
  error: string | null;
  lineErrors: CsvLineError[];
  lineErrorsTestId?: string;
  /** What the dry run found or what was stored: shown in the status region under the summary line. */
  summary: ReactNode;
  plan: ReactNode;
  planTestId: string;
  previewLabel: string;
  /** The second button: its intent (as the action reads it) and its label once a preview is shown. */
  applyIntent: string;
  applyLabel: (previewed: boolean) => string;
}

/**
 * Paste CSV, preview what it would do (a dry run: nothing stored), then
 * store all of it or nothing: the roster's import and the exceptions'
 * share this form; each action does its own checking and storing.
 */
export function CsvImportForm(props: CsvImportFormProps) {
  const { action, pending, stage, lineErrors } = props;
  return (
    <form action={action} className={`form ${props.className}`}>
      {Object.entries(props.hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <label>
        {props.label}
        <textarea
          name="csv"
          rows={6}
          defaultValue={props.csv || props.header}
          key={stage === "done" ? "done" : "editing"}
          spellCheck={false}
        />
      </label>
      <FormError message={props.error} />
      {lineErrors.length > 0 && (
        <ul className="error" aria-label="Lines to fix" data-testid={props.lineErrorsTestId}>
          {lineErrors.map((e) => (
            <li key={`${e.line}-${e.column ?? ""}-${e.message}`}>
              Line {e.line}
              {e.column && `, ${e.column}`}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {stage !== "idle" && (
        <div role="status" data-testid={props.planTestId}>
          <p>{props.summary}</p>
          {props.plan}
        </div>
      )}
      <div className="button-row">
        <button type="submit" name="intent" value="preview" className="secondary" disabled={pending}>
          {props.previewLabel}
        </button>
        <button type="submit" name="intent" value={props.applyIntent} disabled={pending || stage !== "preview"}>
          {props.applyLabel(stage === "preview")}
        </button>
      </div>
    </form>
  );
}
