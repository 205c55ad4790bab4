"use client";

import type { PublicPart } from "@/grader/problems";
import type { AnswerDraft } from "./draft";
import { AnswerInput, answerInputId } from "./answer-input";
import { formatPoints } from "./policy-text";
import { PartResultView, type PartOutcome } from "./part-result";
import type { PartTexts } from "./rendered-texts";
import type { OverrideInfo } from "@/lib/submissions/contract";

export interface PartCardProps {
  part: PublicPart;
  /** The part's prompt, hints, option texts and revealed reference, already rendered (rendered-texts.tsx). */
  texts: PartTexts;
  draft: AnswerDraft;
  onDraftChange: (draft: AnswerDraft) => void;
  outcome?: PartOutcome;
  /** Set when the outcome shown is an earlier attempt's (on load), not this visit's submission. */
  outcomeAttempt?: number;
  /** The counted score for this part (overrides applied), as a fraction. */
  countedScore?: number;
  disabled?: boolean;
  /** The draft the shown outcome graded, so that its per-entry marks show on the pieces not edited since. */
  gradedDraft?: AnswerDraft;
  /** Whether a wrong shape is flagged while typing (practice mode). */
  shapeVerdicts?: boolean;
  /** The part's latest staff score (a TA's grade of a free-text answer, or an override), shown in place of "needs grading". */
  staffGrade?: OverrideInfo;
}

/** One part: its prompt and points, its input, its latest result and, once revealed, its reference. */
export function PartCard({
  part,
  texts,
  draft,
  onDraftChange,
  outcome,
  outcomeAttempt,
  countedScore,
  disabled,
  gradedDraft,
  shapeVerdicts,
  staffGrade,
}: PartCardProps) {
  const marks = outcome && "marks" in outcome && outcome.marks && gradedDraft ? { marks: outcome.marks, graded: gradedDraft } : undefined;
  const promptId = `${answerInputId(part.id)}-prompt`;
  return (
    <section className="part-card card" aria-labelledby={`${promptId}-heading`} data-part-id={part.id}>
      <header className="part-header">
        <h3 id={`${promptId}-heading`}>
          Part <span className="part-id">{part.id}</span>
        </h3>
        <span className="part-points">
          {formatPoints(part.points)} {part.points === 1 ? "point" : "points"}
          {countedScore !== undefined && <span className="muted"> · counted {formatPoints(countedScore * part.points)}</span>}
        </span>
      </header>
      <div id={promptId} className="part-prompt">
        {texts.prompt}
      </div>
      {texts.hints.length > 0 && (
        <details className="hints">
          <summary>{texts.hints.length === 1 ? "Hint" : `Hints (${texts.hints.length})`}</summary>
          {texts.hints}
        </details>
      )}
      <AnswerInput
        part={part}
        optionTexts={texts.options}
        draft={draft}
        onChange={onDraftChange}
        describedBy={promptId}
        disabled={disabled}
        marks={marks}
        shapeVerdicts={shapeVerdicts}
      />
      <div aria-live="polite">
        {outcome && <PartResultView outcome={outcome} points={part.points} fromEarlier={outcomeAttempt} staffGrade={staffGrade} />}
      </div>
      {texts.reference}
    </section>
  );
}
