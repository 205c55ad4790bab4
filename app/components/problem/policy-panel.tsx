import type { PlacementInfo, PolicyInfo, StandingInfo } from "@/lib/submissions/contract";
import { useDateText } from "@/app/components/dates/use-viewer-time-zone";
import { LocalDate } from "@/app/components/dates/local-date";
import {
  attemptsText,
  countedText,
  feedbackModeText,
  formatPercent,
  lateText,
  revealText,
  standingText,
  submissionState,
} from "./policy-text";

export interface PolicyPanelProps {
  placement: PlacementInfo;
  policy: PolicyInfo;
  standing: StandingInfo;
}

/** The rules of this problem in its assessment, whether it is open now, and the student's counted score. */
export function PolicyPanel({ placement, policy, standing }: PolicyPanelProps) {
  const state = submissionState(policy);
  const date = useDateText(policy.timeZone);
  return (
    <section className="card policy-panel" aria-labelledby="policy-heading">
      <h2 id="policy-heading" className="visually-hidden">
        Rules and standing
      </h2>
      <div className={`submission-state ${state.tone}`} data-testid="submission-state">
        {state.text}
      </div>
      <dl className="policy-list">
        <div>
          <dt>Your score</dt>
          <dd data-testid="standing">{standingText(standing, policy, date)}</dd>
        </div>
        <div>
          <dt>Attempts</dt>
          <dd data-testid="attempts">{attemptsText(policy)}</dd>
        </div>
        <div>
          <dt>Which counts</dt>
          <dd>
            {countedText(policy)}
            {feedbackModeText(policy) && <span data-testid="feedback-mode"> {feedbackModeText(policy)}</span>}
          </dd>
        </div>
        <div>
          <dt>Deadline</dt>
          <dd data-testid="deadline">{lateText(policy, date)}</dd>
        </div>
        <div>
          <dt>Reference answers</dt>
          <dd data-testid="reveal">{revealText(policy, date)}</dd>
        </div>
      </dl>
      {standing.overrides.length > 0 && <Overrides overrides={standing.overrides} timeZone={policy.timeZone} />}
      <p className="muted small">
        Part of {placement.assessmentTitle}, worth {placement.points} {placement.points === 1 ? "point" : "points"}. Answers that cannot be
        read (a parse or shape error) are not graded and use no attempt.
      </p>
    </section>
  );
}

function Overrides({ overrides, timeZone }: { overrides: StandingInfo["overrides"]; timeZone: string }) {
  return (
    <div className="overrides">
      <h3>Adjusted by your course staff</h3>
      <ul>
        {overrides.map((override, i) => (
          <li key={`${override.partId}-${i}`}>
            <strong>{override.partId === "" ? "Whole problem" : `Part ${override.partId}`}</strong>: set to {formatPercent(override.score)}
            <span className="muted">
              {" "}
              (<LocalDate at={override.createdAt} timeZone={timeZone} />)
            </span>
            {override.comment && <blockquote>{override.comment}</blockquote>}
          </li>
        ))}
      </ul>
    </div>
  );
}
