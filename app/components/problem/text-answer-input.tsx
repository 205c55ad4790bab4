"use client";

import type { AnswerSpec } from "@/grader/answers";
import type { PublicAnswerSpec } from "@/grader/problems";
import type { LiveCheck } from "./answer-draft";
import { ANSWER_KEYBOARD } from "./answer-keyboard";
import { useLiveGrader } from "./live-grader";
import { LIVE_CHECK_DELAY_MS, useDebouncedValue } from "./use-debounced-value";

const PLACEHOLDER: Partial<Record<AnswerSpec["kind"], string>> = {
  number: "e.g. 0.7311 or 1/2",
  integer: "e.g. 448 or 3*16*3*3 + 16",
  shape: "e.g. (N, 16, 64, 64)",
  dimensions: "e.g. m × n",
};

export interface TextAnswerInputProps {
  inputId: string;
  label: string;
  spec: PublicAnswerSpec;
  text: string;
  onChange: (text: string) => void;
  /** The prompt's id, read out with the field. */
  describedBy: string;
  disabled?: boolean;
}

const UNCHECKED: LiveCheck = { status: "empty" };

/** Number, integer, shape and dimensions answers: one text field, checked by the grader's parser once typing pauses. */
export function TextAnswerInput({ inputId, label, spec, text, onChange, describedBy, disabled }: TextAnswerInputProps) {
  const settled = useDebouncedValue(text, LIVE_CHECK_DELAY_MS);
  const grader = useLiveGrader(text !== "");
  const check = grader ? grader.checkDraft(spec, { kind: "text", text: settled }) : UNCHECKED;
  const checkId = `${inputId}-check`;
  return (
    <div className="answer-field">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="text"
        {...ANSWER_KEYBOARD}
        value={text}
        placeholder={PLACEHOLDER[spec.kind]}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${describedBy} ${checkId}`}
        aria-invalid={check.status === "error"}
        disabled={disabled}
      />
      <p id={checkId} className={`live-check ${check.status}`} aria-live="polite">
        {check.status === "error" ? check.message : check.status === "ok" && check.readAs ? <>Read as {check.readAs}</> : null}
      </p>
    </div>
  );
}
