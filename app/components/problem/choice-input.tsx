"use client";

import type { ReactNode } from "react";
import type { SpecOf } from "@/grader/answers";

export interface ChoiceInputProps {
  inputId: string;
  label: string;
  spec: SpecOf<"choice">;
  /** Each option's text (Markdown with LaTeX), rendered, by option id: rendered-texts.tsx. */
  optionTexts: Record<string, ReactNode>;
  selected: string[];
  onChange: (selected: string[]) => void;
  describedBy: string;
  disabled?: boolean;
  /** Right/wrong for chosen options of the last graded answer (shown-marks.ts); unchosen options are never marked. */
  optionMarks?: Record<string, boolean>;
}

/**
 * Radio buttons (one answer) or checkboxes (several), in the order of the
 * public spec's options: the variant's shuffled order, shuffled on the server
 * (grader/problems publicAnswerSpec), because the shuffle needs the variant's
 * seed and the seed must not reach the browser. What is submitted is option
 * ids, never positions.
 */
export function ChoiceInput({
  inputId,
  label,
  spec,
  optionTexts,
  selected,
  onChange,
  describedBy,
  disabled,
  optionMarks,
}: ChoiceInputProps) {
  const options = spec.options;
  const type = spec.multiple ? "checkbox" : "radio";
  const toggle = (id: string, checked: boolean) => {
    if (!spec.multiple) onChange(checked ? [id] : []);
    else onChange(checked ? [...selected.filter((other) => other !== id), id] : selected.filter((other) => other !== id));
  };
  return (
    <fieldset className="answer-field choice-input" aria-describedby={describedBy} disabled={disabled}>
      <legend>
        {label} <span className="muted">({spec.multiple ? "choose all that apply" : "choose one"})</span>
      </legend>
      {options.map((option) => {
        const optionId = `${inputId}-${option.id}`;
        const mark = optionMarks?.[option.id];
        return (
          <div className="choice-option" key={option.id} data-mark={mark === undefined ? undefined : mark ? "right" : "wrong"}>
            <input
              id={optionId}
              type={type}
              name={inputId}
              value={option.id}
              checked={selected.includes(option.id)}
              onChange={(event) => toggle(option.id, event.target.checked)}
              aria-label={spokenTexLabel(option.text)}
            />
            <label htmlFor={optionId}>{optionTexts[option.id] ?? option.text}</label>
            {mark !== undefined && <span className={`option-mark ${mark ? "right" : "wrong"}`}>{mark ? "✓ right" : "✗ wrong"}</span>}
          </div>
        );
      })}
    </fieldset>
  );
}

/**
 * An option written in maths ("$z_{1} = 95.2$") is labelled by KaTeX's
 * output, whose visible part is aria-hidden and whose MathML part gives
 * browsers and axe no accessible name: such an input gets its TeX, without
 * the markup, as its name ("z_1 = 95.2"). Plain-text options keep their label.
 */
export function spokenTexLabel(text: string): string | undefined {
  if (!text.includes("$")) return undefined;
  return text
    .replace(/\$/g, "")
    .replace(/\\([A-Za-z]+)/g, "$1")
    .replace(/[{}]/g, "")
    .replace(/\s+/g, " ")
    .trim();
}
