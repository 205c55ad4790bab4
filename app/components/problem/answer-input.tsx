"use client";

import type { ReactNode } from "react";
import type { PublicPart } from "@/grader/problems";
import type { AnswerDraft } from "./draft";
import { ChoiceInput } from "./choice-input";
import { ExpressionInput } from "./expression-input";
import { FreeTextInput } from "./free-text-input";
import { MatrixInput } from "./matrix-input";
import { TextAnswerInput } from "./text-answer-input";
import { cellMarksFor, optionMarksFor } from "./shown-marks";
import type { PartMarks } from "@/lib/submissions/contract";

export interface AnswerInputProps {
  part: PublicPart;
  /** A choice part's option texts, rendered, by option id. */
  optionTexts: Record<string, ReactNode>;
  draft: AnswerDraft;
  onChange: (draft: AnswerDraft) => void;
  /** The prompt's element id, so the input is described by its question. */
  describedBy: string;
  disabled?: boolean;
  /** The last graded answer's marks and the draft they were given for (shown-marks.ts). */
  marks?: { marks: PartMarks; graded: AnswerDraft };
  /** Whether a wrong shape is flagged while typing: practice mode only (the other modes grade it). */
  shapeVerdicts?: boolean;
}

/** The input that suits the part's answer kind, with the precision it asks for beside it when it has one. */
export function AnswerInput(props: AnswerInputProps) {
  const { part, describedBy } = props;
  const inputId = answerInputId(part.id);
  if (!part.precision) return <KindInput {...props} />;
  const ruleId = `${inputId}-precision`;
  return (
    <div className="answer-with-precision">
      <KindInput {...props} describedBy={`${describedBy} ${ruleId}`} />
      <p id={ruleId} className="precision-rule" data-testid="precision-rule">
        {precisionSentence(part.answer.kind, part.precision)}
      </p>
    </div>
  );
}

/** "Give each entry to 3 significant figures.": what the rule asks of this kind of answer. */
export function precisionSentence(kind: string, precision: string): string {
  return `${kind === "matrix" ? "Give each entry" : "Give your answer"} ${precision}.`;
}

function KindInput({ part, optionTexts, draft, onChange, describedBy, disabled, marks, shapeVerdicts = true }: AnswerInputProps) {
  const spec = part.answer;
  const inputId = answerInputId(part.id);
  const label = `Answer ${part.id}`;
  const common = { inputId, label, describedBy, disabled };
  if (spec.kind === "matrix" && draft.kind === "grid") {
    return (
      <MatrixInput
        {...common}
        spec={spec}
        grid={draft.grid}
        cellMarks={cellMarksFor(marks?.marks, marks?.graded, draft)}
        onChange={(grid) => onChange({ kind: "grid", grid })}
      />
    );
  }
  if (spec.kind === "choice" && draft.kind === "choice") {
    return (
      <ChoiceInput
        {...common}
        spec={spec}
        optionTexts={optionTexts}
        selected={draft.selected}
        optionMarks={optionMarksFor(marks?.marks, draft)}
        onChange={(selected) => onChange({ kind: "choice", selected })}
      />
    );
  }
  if (spec.kind === "expression" && draft.kind === "text") {
    return (
      <ExpressionInput
        {...common}
        shapeVerdicts={shapeVerdicts}
        spec={spec}
        text={draft.text}
        onChange={(text) => onChange({ kind: "text", text })}
      />
    );
  }
  if (spec.kind === "freeText" && draft.kind === "text") {
    return <FreeTextInput {...common} spec={spec} text={draft.text} onChange={(text) => onChange({ kind: "text", text })} />;
  }
  if (draft.kind === "text") {
    return <TextAnswerInput {...common} spec={spec} text={draft.text} onChange={(text) => onChange({ kind: "text", text })} />;
  }
  return <p className="error">This part&apos;s answer kind ({spec.kind}) cannot be entered here.</p>;
}

/** Part ids contain dots ("d.dW0"), which are fine in an id but awkward in CSS selectors; dashes are not. */
export function answerInputId(partId: string): string {
  return `answer-${partId.replace(/[^A-Za-z0-9_-]/g, "-")}`;
}
