"use client";

import { useMemo, useState } from "react";
import type { DocumentParams, DocumentProblem } from "@/grader/authoring";
import { buildVariant, gradePart, type Variant } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import { MarkdownMath } from "../math/markdown-math";
import { draftToRaw, emptyDraft, type AnswerDraft } from "../problem/answer-draft";
import { ParamsPanel } from "../problem/params-panel";
import { PartCard } from "../problem/part-card";
import { renderPartTexts } from "../problem/rendered-texts";
import type { PartOutcome } from "../problem/part-result";
import "../problem/problem.css";

export interface ProblemPreviewProps {
  problem: DocumentProblem;
  seed: number;
}

type Built =
  { ok: true; variant: Variant; references: Record<string, Json>; referenceNotes: Record<string, string> } | { ok: false; message: string };

/**
 * The problem as a student with this seed would see it (statement,
 * parameters, parts, from the public variant only), with each part's
 * reference below it and a "try an answer" button that grades in this
 * browser with the same grader the server uses. Nothing here is sent
 * anywhere: there is no form, and no submission is stored.
 */
export function ProblemPreview({ problem, seed }: ProblemPreviewProps) {
  const built = useMemo((): Built => {
    try {
      const variant = buildVariant(problem, seed);
      const references: Record<string, Json> = {};
      const referenceNotes: Record<string, string> = {};
      for (const part of variant.parts) {
        references[part.id] = part.reference;
        // An expression part's reference is often grad(L, W), which says little: show it as the
        // first correct sample writes it (what students see once references are revealed).
        if (part.answer.kind === "expression") {
          const written = problem.parts
            .find((p) => p.id === part.id)
            ?.examples(variant.params as DocumentParams)
            .correct.find((answer) => typeof answer === "string");
          if (written !== undefined) {
            references[part.id] = written;
            referenceNotes[part.id] = `graded against ${String(part.reference)}`;
          }
        }
      }
      return { ok: true, variant, references, referenceNotes };
    } catch (error) {
      return { ok: false, message: (error as Error).message };
    }
  }, [problem, seed]);

  if (!built.ok) {
    return (
      <p className="error" role="alert">
        Seed {seed} does not build: {built.message}
      </p>
    );
  }
  // Drafts and results belong to one variant: a new seed or a new document starts them afresh.
  return <PreviewBody key={`${seed}:${built.variant.public.title}:${built.variant.parts.map((p) => p.id).join(",")}`} built={built} />;
}

function PreviewBody({ built }: { built: Extract<Built, { ok: true }> }) {
  const { variant, references, referenceNotes } = built;
  const publicVariant = variant.public;
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>(() =>
    Object.fromEntries(publicVariant.parts.map((part) => [part.id, emptyDraft(part.answer)])),
  );
  const [outcomes, setOutcomes] = useState<Record<string, PartOutcome>>({});

  function tryAnswer(partId: string) {
    const part = publicVariant.parts.find((candidate) => candidate.id === partId)!;
    const raw = draftToRaw(part.answer, drafts[partId] ?? emptyDraft(part.answer));
    let outcome: PartOutcome;
    if (raw === null) {
      outcome = { id: partId, status: "unanswered", score: 0, feedback: "" };
    } else {
      try {
        const result = gradePart(variant, partId, raw);
        const notes = result.status === "graded" ? (result.notes ?? []) : [];
        outcome = { id: partId, status: result.status, score: result.score, feedback: [result.feedback, ...notes].join(" ") };
      } catch (error) {
        outcome = { id: partId, status: "rejected", feedback: (error as Error).message };
      }
    }
    setOutcomes((current) => ({ ...current, [partId]: outcome }));
  }

  return (
    <article className="problem-view pe-preview-body" data-testid="problem-preview">
      <h3 className="pe-preview-title">{publicVariant.title}</h3>
      <section className="card statement" aria-label="Statement">
        <MarkdownMath source={publicVariant.statement} />
      </section>
      <ParamsPanel params={publicVariant.params} />
      {publicVariant.parts.map((part) => (
        <div key={part.id} className="pe-part">
          <PartCard
            part={part}
            draft={drafts[part.id] ?? emptyDraft(part.answer)}
            onDraftChange={(draft) => setDrafts((current) => ({ ...current, [part.id]: draft }))}
            outcome={outcomes[part.id]}
            texts={renderPartTexts(part, references[part.id])}
          />
          <p className="pe-try">
            {referenceNotes[part.id] && <span className="muted pe-small">Reference {referenceNotes[part.id]}. </span>}
            <button type="button" className="secondary" onClick={() => tryAnswer(part.id)}>
              Try this answer to {part.id}
            </button>
          </p>
        </div>
      ))}
    </article>
  );
}
