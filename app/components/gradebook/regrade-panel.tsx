"use client";

import { useState } from "react";
import { useRouter } from "next/navigation";
import type { RegradePlan } from "@/lib/regrade/plan-regrade";
import { DataTable, type DataColumn } from "../table/data-table";
import { formatDelta, formatPercent } from "./format";

interface RegradePanelProps {
  assessmentId: string;
  assessmentProblemId: string;
  title: string;
  /** Of a pooled placement, the member (slug) this panel regrades. */
  member?: string;
}

type State =
  | { kind: "idle" }
  | { kind: "loading" }
  | { kind: "preview"; plan: RegradePlan }
  | { kind: "applying"; plan: RegradePlan }
  | { kind: "done"; message: string }
  | { kind: "error"; message: string };

const STUDENT_COLUMNS: DataColumn<RegradePlan["students"][number]>[] = [
  { header: "Student", cell: (student) => student.name, rowHeader: true },
  { header: "Before", cell: (student) => (student.before === null ? "—" : formatPercent(student.before)), className: "gb-num" },
  { header: "After", cell: (student) => (student.after === null ? "—" : formatPercent(student.after)), className: "gb-num" },
  { header: "Points", cell: (student) => formatDelta(student.deltaPoints), className: "gb-num" },
  {
    header: "Note",
    cell: (student) => (student.heldByOverride ? "an override keeps the score" : `${student.submissionsChanged} submissions change`),
  },
];

/** Preview first, then apply: the apply request carries the preview's planHash, so it writes exactly what was shown or nothing. */
export function RegradePanel({ assessmentId, assessmentProblemId, title, member }: RegradePanelProps) {
  const router = useRouter();
  const [state, setState] = useState<State>({ kind: "idle" });
  const url = `/api/staff/assessments/${assessmentId}/problems/${assessmentProblemId}/regrade`;

  async function preview() {
    setState({ kind: "loading" });
    const response = await fetch(member ? `${url}?member=${encodeURIComponent(member)}` : url);
    const body = await response.json().catch(() => null);
    if (!response.ok) return setState({ kind: "error", message: body?.error?.message ?? `The server refused (${response.status}).` });
    setState({ kind: "preview", plan: body as RegradePlan });
  }

  async function apply(plan: RegradePlan) {
    setState({ kind: "applying", plan });
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ expectedPlanHash: plan.planHash, toProblemId: plan.to.problemId, member }),
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) return setState({ kind: "error", message: body?.error?.message ?? `The server refused (${response.status}).` });
    setState({
      kind: "done",
      message: `Regraded ${body.submissionsRegraded} submissions to version ${body.to.version}; ${body.submissionsChanged} changed.`,
    });
    router.refresh();
  }

  const plan = state.kind === "preview" || state.kind === "applying" ? state.plan : null;
  return (
    <div className="gb-regrade">
      <button type="button" className="secondary" onClick={preview} disabled={state.kind === "loading" || state.kind === "applying"}>
        {state.kind === "loading" ? "Working out the changes…" : `Preview regrade of ${title}`}
      </button>
      <div role="status" aria-live="polite">
        {state.kind === "done" && <p className="notice">{state.message}</p>}
      </div>
      {state.kind === "error" && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {plan && (
        <div className="gb-plan">
          <p>
            Version {plan.from.map((f) => f.version).join(", ") || "—"} → {plan.to.version}: {plan.submissionsToRegrade} submissions to
            regrade, {plan.submissionsChanged} would change; {plan.students.filter((s) => s.deltaPoints !== 0).length} students&apos;
            counted scores move.
          </p>
          {plan.students.length > 0 && (
            <DataTable
              columns={STUDENT_COLUMNS}
              rows={plan.students}
              rowKey={(student) => student.userId}
              caption="Students whose submissions change"
              captionClassName="gb-visually-hidden"
            />
          )}
          <button
            type="button"
            onClick={() => apply(plan)}
            disabled={state.kind === "applying" || (plan.submissionsToRegrade === 0 && plan.from.length === 0)}
          >
            {state.kind === "applying" ? "Applying…" : `Apply regrade to version ${plan.to.version}`}
          </button>
        </div>
      )}
    </div>
  );
}
