"use client";

import { useMemo } from "react";
import { choiceOrder, type SpecOf } from "@/grader/answers";
import { MarkdownMath } from "../math/markdown-math";

export interface ChoiceInputProps {
  inputId: string;
  label: string;
  spec: SpecOf<"choice">;
  variantSeed: number;
  selected: string[];
  onChange: (selected: string[]) => void;
  describedBy: string;
  disabled?: boolean;
}

/**
 * Radio buttons (one answer) or checkboxes (several), in the variant's
 * shuffled order. The order comes from choiceOrder with the variant seed, the
 * grader's own function, so it is the same on every render and machine; what
 * is submitted is option ids, never positions.
 */
export function ChoiceInput({ inputId, label, spec, variantSeed, selected, onChange, describedBy, disabled }: ChoiceInputProps) {
  const options = useMemo(() => choiceOrder(spec, variantSeed), [spec, variantSeed]);
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
        return (
          <div className="choice-option" key={option.id}>
            <input
              id={optionId}
              type={type}
              name={inputId}
              value={option.id}
              checked={selected.includes(option.id)}
              onChange={(event) => toggle(option.id, event.target.checked)}
            />
            <label htmlFor={optionId}>
              <MarkdownMath source={option.text} inline />
            </label>
          </div>
        );
      })}
    </fieldset>
  );
}
