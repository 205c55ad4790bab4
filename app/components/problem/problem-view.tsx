"use client";

import { useCallback, useMemo, useRef, useState, type FormEvent, type KeyboardEvent } from "react";
import dynamic from "next/dynamic";
import type { RawAnswer } from "@/grader/answers";
import type { PublicPart } from "@/grader/problems";
import type { PolicyInfo, StandingInfo, VariantResponse } from "@/lib/submissions/contract";
import { isDraftAnswered, type AnswerDraft } from "./draft";
import { loadLiveGrader, type LiveGrader } from "./live-grader";
import { PartCard } from "./part-card";
import type { PartOutcome } from "./part-result";
import { PolicyPanel } from "./policy-panel";
import { TimeLimitCountdown } from "@/app/components/time-limit-countdown";
import { useDateText } from "@/app/components/dates/use-viewer-time-zone";
import { ConfirmSubmitDialog, submitWarnings } from "./confirm-submit";
import { SubmissionHistory } from "./submission-history";
import {
  historyEntryFromResponse,
  listedSubmissions,
  outcomesFromParts,
  outcomesFromRejection,
  summariseOutcome,
  type Banner,
  type ShownHistory,
  type ShownSubmission,
} from "./problem-state";
import type { VariantTexts } from "./rendered-texts";
import { postSubmission } from "./submission";
import { readSymmetryTrajectories } from "./symmetry-data";
import "./problem.css";

// recharts is most of a plot's weight and only zero-init plots: its chunk is
// loaded (and server-rendered) only on a page that shows the plot.
const SymmetryPlot = dynamic(() => import("./symmetry-plot").then((module) => module.SymmetryPlot), {
  loading: () => <p className="card muted">Loading the plot…</p>,
});

export interface ProblemViewProps {
  slug: string;
  assessmentId: string;
  initial: VariantResponse;
  /** The newest submissions, without their answers (problem-state.ts shownHistory). */
  history: ShownHistory;
  /** This page with every submission listed, for "Show all". */
  showAllHref: string;
  /**
   * Each part's draft to start from: the part's answer in the latest
   * submission that answered it (problem-state.ts latestAnswers), read
   * on the server (answer-draft.ts draftFromRaw), because reading them needs
   * the grader's parsers, which this page loads only on the first input.
   */
  initialDrafts: Record<string, AnswerDraft>;
  /**
   * The statement, parameters and each part's texts, rendered on the server
   * (rendered-texts.tsx), so that Markdown and KaTeX are not shipped to the
   * browser.
   */
  texts: VariantTexts;
}

/** The raw answers to submit, by part id; parts left empty are left out. */
function collectAnswers(grader: LiveGrader, parts: PublicPart[], drafts: Record<string, AnswerDraft>): Record<string, RawAnswer> {
  const collected: Record<string, RawAnswer> = {};
  for (const part of parts) {
    const raw = grader.draftToRaw(part.answer, drafts[part.id]);
    if (raw !== null) collected[part.id] = raw;
  }
  return collected;
}

/**
 * The student's problem page: statement, parameters, one input per part,
 * the assessment's rules and the student's standing, submitting, and the
 * history of submissions. Grading happens on the server; the browser only
 * runs the grader's parsers for live checks, which never decide a score.
 */
export function ProblemView({ slug, assessmentId, initial, history, showAllHref, initialDrafts, texts }: ProblemViewProps) {
  const { variant, placement } = initial;
  const latest = history.submissions[0];
  const [drafts, setDrafts] = useState<Record<string, AnswerDraft>>(initialDrafts);
  const [policy, setPolicy] = useState<PolicyInfo>(initial.policy);
  const date = useDateText(policy.timeZone);
  const [standing, setStanding] = useState<StandingInfo>(initial.standing);
  // Submissions made on this page, newest first, above the server's list: "Show all" brings a longer list from the
  // server (new props, same component), and what the student made and typed here stays.
  const [madeHere, setMadeHere] = useState<ShownSubmission[]>([]);
  const submissions = useMemo(() => listedSubmissions(madeHere, history.submissions), [madeHere, history.submissions]);
  // On load, each part shows its result in the latest submission, labelled with that attempt.
  const [outcomes, setOutcomes] = useState<Record<string, PartOutcome>>(() => (latest ? outcomesFromParts(latest.parts) : {}));
  const [outcomesAttempt, setOutcomesAttempt] = useState<number | undefined>(latest?.attempt);
  const [banner, setBanner] = useState<Banner | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The drafts the shown outcomes graded: per-entry marks stay on the pieces not edited since (shown-marks.ts).
  const [gradedDrafts, setGradedDrafts] = useState<Record<string, AnswerDraft>>(initialDrafts);
  // The warnings awaiting the student's answer in the confirmation dialog; null when it is closed.
  const [confirming, setConfirming] = useState<string[] | null>(null);
  const bannerRef = useRef<HTMLDivElement>(null);
  // The key of a submission whose answer never came back (a network failure):
  // sending the same answers again reuses it, so the server cannot count them twice.
  const unconfirmed = useRef<{ key: string; body: string } | null>(null);

  const trajectories = useMemo(() => readSymmetryTrajectories(variant.extras), [variant.extras]);
  const setDraft = useCallback((partId: string, draft: AnswerDraft) => setDrafts((current) => ({ ...current, [partId]: draft })), []);

  // When the countdown reaches zero the page closes as a reload would show it (the server's verdict is the same).
  const closeForTimeUp = useCallback(
    () =>
      setPolicy((current) =>
        current.timeLimit ? { ...current, closed: true, timeLimit: { ...current.timeLimit, expired: true, remainingSeconds: 0 } } : current,
      ),
    [],
  );

  const answeredCount = variant.parts.filter((part) => isDraftAnswered(drafts[part.id])).length;

  function showBanner(next: Banner) {
    setBanner(next);
    // Move focus to the outcome, so that keyboard and screen-reader users hear it without hunting for it.
    requestAnimationFrame(() => bannerRef.current?.focus());
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (submitting) return;
    if (answeredCount === 0) {
      showBanner({ tone: "error", title: "Nothing to submit", text: "Answer at least one part first." });
      return;
    }
    const warnings = submitWarnings({ attemptsLeft: policy.attemptsLeft, blankParts: variant.parts.length - answeredCount });
    if (warnings.length > 0) setConfirming(warnings);
    else void send();
  }

  async function send() {
    setSubmitting(true);
    setBanner(null);
    let grader: LiveGrader;
    try {
      grader = await loadLiveGrader();
    } catch {
      setSubmitting(false);
      showBanner({
        tone: "error",
        title: "Nothing was submitted: the page could not load its answer reader.",
        text: "Check your connection, then submit again.",
      });
      return;
    }
    const sentDrafts = drafts;
    const answers = collectAnswers(grader, variant.parts, sentDrafts);
    const body = JSON.stringify(answers);
    const idempotencyKey = unconfirmed.current?.body === body ? unconfirmed.current.key : crypto.randomUUID();
    unconfirmed.current = { key: idempotencyKey, body };
    const outcome = await postSubmission({ slug, assessmentId, answers, idempotencyKey });
    setSubmitting(false);
    if (!(outcome.kind === "error" && outcome.code === "NETWORK")) unconfirmed.current = null;

    if (outcome.kind === "graded") {
      const { response } = outcome;
      setPolicy(response.policy);
      setStanding(response.standing);
      setOutcomes(outcomesFromParts(response.parts));
      setGradedDrafts(sentDrafts);
      setOutcomesAttempt(undefined);
      setMadeHere((current) => [
        historyEntryFromResponse(response),
        ...current.filter((entry) => entry.submissionId !== response.submissionId),
      ]);
    } else if (outcome.kind === "invalid") {
      setOutcomes(outcomesFromRejection(outcome.parts));
      setOutcomesAttempt(undefined);
    }
    showBanner(summariseOutcome(outcome, placement.points, date));
  }

  return (
    <article className="problem-view">
      {/* The page around this (app/(student)/…/problems/[slug]/page.tsx) links back to the assessment. */}
      <h1>{variant.title}</h1>
      {policy.timeLimit?.endsAt && policy.timeLimit.remainingSeconds !== null && (
        <TimeLimitCountdown
          remainingSeconds={policy.timeLimit.remainingSeconds}
          endsAt={policy.timeLimit.endsAt}
          onExpire={closeForTimeUp}
          timeZone={policy.timeZone}
        />
      )}

      <div className="problem-layout">
        <div className="problem-main">
          <section className="card statement" aria-label="Statement">
            {texts.statement}
          </section>
          {texts.params}
          {trajectories && <SymmetryPlot trajectories={trajectories} />}

          <form onSubmit={onSubmit} onKeyDown={withoutImplicitSubmit} noValidate aria-labelledby="parts-heading" aria-busy={submitting}>
            <h2 id="parts-heading">Your answers</h2>
            {variant.parts.map((part) => (
              <PartCard
                key={part.id}
                part={part}
                texts={texts.parts[part.id]}
                draft={drafts[part.id]}
                onDraftChange={(draft) => setDraft(part.id, draft)}
                outcome={outcomes[part.id]}
                outcomeAttempt={outcomesAttempt}
                countedScore={standing.partScores[part.id] || undefined}
                staffGrade={standing.overrides.findLast((override) => override.partId === part.id)}
                gradedDraft={gradedDrafts[part.id]}
                disabled={submitting}
                shapeVerdicts={policy.feedbackMode === "PRACTICE"}
              />
            ))}
            <div className="submit-bar card">
              <p className="muted small">
                {answeredCount} of {variant.parts.length} parts answered.{" "}
                {answeredCount < variant.parts.length && "Unanswered parts score 0 in this attempt."}
              </p>
              <button type="submit" disabled={submitting || policy.closed} aria-describedby="submit-note">
                {submitting ? (
                  <>
                    <span className="spinner" aria-hidden="true" /> Submitting…
                  </>
                ) : (
                  "Submit answers"
                )}
              </button>
              <p id="submit-note" className="muted small">
                {policy.closed
                  ? "Submissions are closed for this problem."
                  : "Answers that cannot be read are sent back without using an attempt."}
              </p>
            </div>
            <div ref={bannerRef} tabIndex={-1} className="banner-slot">
              {banner && <BannerView banner={banner} />}
            </div>
          </form>
        </div>

        {/* Beside the problem on wide screens; on a phone the rules come first and the history last (problem.css). */}
        <div className="problem-policy">
          <PolicyPanel placement={placement} policy={policy} standing={standing} />
        </div>
        <div className="problem-history">
          <SubmissionHistory
            submissions={submissions}
            olderCount={history.olderCount}
            showAllHref={showAllHref}
            parts={variant.parts}
            points={placement.points}
            timeZone={policy.timeZone}
          />
        </div>
      </div>
      {confirming && (
        <ConfirmSubmitDialog
          warnings={confirming}
          onCancel={() => setConfirming(null)}
          onConfirm={() => {
            setConfirming(null);
            void send();
          }}
        />
      )}
    </article>
  );
}

/**
 * Enter in a text field would submit the whole form (the browser's implicit
 * submission), using an attempt on a half-typed answer: it does nothing here,
 * and only the button submits. Text areas keep Enter for new lines, and a
 * key that ends an input method's composition is left alone.
 */
function withoutImplicitSubmit(event: KeyboardEvent<HTMLFormElement>) {
  if (event.key === "Enter" && event.target instanceof HTMLInputElement && !event.nativeEvent.isComposing) event.preventDefault();
}

function BannerView({ banner }: { banner: Banner }) {
  // Errors are alerts (read out at once); a graded result is a status message.
  return (
    <div className={`banner ${banner.tone}`} role={banner.tone === "error" ? "alert" : "status"} data-testid="submit-banner">
      <strong>{banner.title}</strong> {banner.text}
      {banner.signIn && (
        <>
          {" "}
          <a href="/signin" target="_blank" rel="noopener">
            Sign in (opens a new tab)
          </a>
        </>
      )}
    </div>
  );
}
