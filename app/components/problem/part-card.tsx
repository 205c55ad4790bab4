"use client";

import type { PublicPart } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import { MarkdownMath } from "../math/markdown-math";
import type { AnswerDraft } from "./answer-draft";
import { AnswerInput, answerInputId } from "./answer-input";
import { formatPoints } from "./policy-text";
import { PartResultView, type PartOutcome } from "./part-result";
import { ReferenceAnswer } from "./reference-answer";

export interface PartCardProps {
  part: PublicPart;
  variantSeed: number;
  draft: AnswerDraft;
  onDraftChange: (draft: AnswerDraft) => void;
  outcome?: PartOutcome;
  /** Set when the outcome shown is an earlier attempt's (on load), not this visit's submission. */
  outcomeAttempt?: number;
  /** The counted score for this part (overrides applied), as a fraction. */
  countedScore?: number;
  reference?: Json;
  disabled?: boolean;
}

/** One part: its prompt and points, its input, its latest result and, once revealed, its reference. */
export function PartCard({ part, variantSeed, draft, onDraftChange, outcome, outcomeAttempt, countedScore, reference, disabled }: PartCardProps) {
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
        <MarkdownMath source={part.prompt} />
      </div>
      {part.hints.length > 0 && (
        <details className="hints">
          <summary>{part.hints.length === 1 ? "Hint" : `Hints (${part.hints.length})`}</summary>
          {part.hints.map((hint, i) => (
            <MarkdownMath key={i} source={hint} />
          ))}
        </details>
      )}
      <AnswerInput part={part} variantSeed={variantSeed} draft={draft} onChange={onDraftChange} describedBy={promptId} disabled={disabled} />
      <div aria-live="polite">{outcome && <PartResultView outcome={outcome} points={part.points} fromEarlier={outcomeAttempt} />}</div>
      {reference !== undefined && <ReferenceAnswer spec={part.answer} reference={reference} />}
    </section>
  );
}
