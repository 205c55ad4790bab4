"use client";

import type { SpecOf } from "@/grader/answers";

export interface FreeTextInputProps {
  inputId: string;
  label: string;
  spec: SpecOf<"freeText">;
  text: string;
  onChange: (text: string) => void;
  describedBy: string;
  disabled?: boolean;
}

/**
 * A free-text answer: a plain textarea with the characters left. Nothing is
 * parsed while typing (a person grades it); the only check is the length,
 * which the server enforces again.
 */
export function FreeTextInput({ inputId, label, spec, text, onChange, describedBy, disabled }: FreeTextInputProps) {
  const countId = `${inputId}-count`;
  const over = text.trim().length > spec.maxLength;
  return (
    <div className="answer-field free-text">
      <label htmlFor={inputId}>{label}</label>
      <textarea
        id={inputId}
        rows={6}
        value={text}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${describedBy} ${countId}`}
        aria-invalid={over}
        disabled={disabled}
      />
      <p id={countId} className={`live-check ${over ? "error" : "ok"}`} aria-live="polite">
        {over
          ? `Too long: ${text.trim().length} characters, at most ${spec.maxLength}.`
          : `${spec.maxLength - text.trim().length} characters left. Graded by the course staff.`}
      </p>
    </div>
  );
}
