"use client";

import { useMemo } from "react";
import type { PublicExpressionSpec } from "@/grader/problems";
import type { SubExpression } from "@/grader/expr";
import { ANSWER_KEYBOARD } from "./answer-keyboard";
import { capitalise } from "./draft";
import { expressionPlaceholder } from "./expression-placeholder";
import { useLiveGrader } from "./live-grader";
import { LIVE_CHECK_DELAY_MS, useDebouncedValue } from "./use-debounced-value";

export interface ExpressionInputProps {
  inputId: string;
  label: string;
  spec: PublicExpressionSpec;
  text: string;
  onChange: (text: string) => void;
  describedBy: string;
  disabled?: boolean;
  /** Practice mode: a wrong shape is shown while typing. Otherwise only unreadable input is (answer-draft.ts showsLiveError). */
  shapeVerdicts?: boolean;
}

/** Number literals add nothing to the list of shapes (a 1 is broadcast wherever it stands). */
const isLiteral = (part: SubExpression) => /^[\d.]+$/.test(part.canonical);

/**
 * An expression answer with its live preview: how the input was read (in
 * LaTeX), the shape of each sub-expression, and any parse or shape error.
 * All of it comes from the grader's parser and shape checker running in the
 * browser on the part's public context (the shapes of its quantities), with
 * no request to the server; they and KaTeX load on the first input.
 */
export function ExpressionInput({
  inputId,
  label,
  spec,
  text,
  onChange,
  describedBy,
  disabled,
  shapeVerdicts = true,
}: ExpressionInputProps) {
  const settled = useDebouncedValue(text, LIVE_CHECK_DELAY_MS);
  const grader = useLiveGrader(text !== "");
  const analysis = useMemo(() => grader?.analyzeExpressionDraft(spec, settled) ?? null, [grader, spec, settled]);
  const latexHtml = useMemo(
    () => (grader && analysis?.interpretation ? grader.texToHtml(analysis.interpretation.latex) : null),
    [grader, analysis],
  );
  const previewId = `${inputId}-preview`;
  const errorId = `${inputId}-error`;
  const interpretation = analysis?.interpretation ?? null;
  const shapes = interpretation?.parts.filter((part) => part.shapeText !== null && !isLiteral(part)) ?? [];
  const error = grader && analysis && !analysis.ok && grader.showsLiveError(analysis.error, shapeVerdicts) ? analysis.error : null;

  return (
    <div className="answer-field expression-input">
      <label htmlFor={inputId}>{label}</label>
      <input
        id={inputId}
        type="text"
        className="mono"
        {...ANSWER_KEYBOARD}
        value={text}
        placeholder={expressionPlaceholder(spec)}
        onChange={(event) => onChange(event.target.value)}
        aria-describedby={`${describedBy} ${errorId} ${previewId}`}
        aria-invalid={error !== null}
        disabled={disabled}
      />
      <p id={errorId} className="live-check error" aria-live="polite" data-testid={`${inputId}-error`}>
        {error ? capitalise(error.message) : null}
      </p>
      {error && error.offset !== undefined && <ErrorSpan source={settled} offset={error.offset} length={error.length ?? 0} />}
      <div id={previewId} className="expression-preview" hidden={!interpretation}>
        {interpretation && (
          <>
            <div className="interpreted-as">
              <span className="muted">Interpreted as</span>{" "}
              {latexHtml !== null && <span className="tex" dangerouslySetInnerHTML={{ __html: latexHtml }} />}
              {interpretation.shape && (
                <span className="shape-chip" title="shape of the whole expression">
                  {interpretation.parts.at(-1)?.shapeText}
                </span>
              )}
            </div>
            {shapes.length > 0 && (
              <details className="sub-shapes" open={error !== null}>
                <summary>Shapes of the sub-expressions</summary>
                <ul>
                  {shapes.map((part) => (
                    <li key={part.id}>
                      <code>{part.canonical}</code> <span className="shape-chip">{part.shapeText}</span>
                    </li>
                  ))}
                </ul>
              </details>
            )}
          </>
        )}
      </div>
    </div>
  );
}

/** The input again, with the part the error is about marked, so the student sees where to look. */
function ErrorSpan({ source, offset, length }: { source: string; offset: number; length: number }) {
  const end = Math.min(source.length, offset + Math.max(length, 1));
  const at = Math.min(offset, source.length);
  return (
    <p className="error-span mono" aria-hidden="true">
      {source.slice(0, at)}
      <mark>{source.slice(at, end) || "\u2002"}</mark>
      {source.slice(end)}
    </p>
  );
}
