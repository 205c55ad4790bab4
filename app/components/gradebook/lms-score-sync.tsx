"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { StudentScoreSync } from "@/lib/lti/ags/score-sync";
import { FormError } from "@/app/components/form-error";
import { ScrollBox } from "@/app/components/table/scroll-box";

const STATE_LABELS: Record<StudentScoreSync["state"], string> = {
  sent: "Sent",
  pending: "Pending",
  sending: "Sending",
  retrying: "Retrying",
  failed: "Failed",
};

/**
 * Each student's score as the LMS gradebook has it (lib/lti/ags/score-sync.ts),
 * with a Resend per student and for everyone, through the JSON route
 * POST /api/staff/assessments/:id/lti-scores/resend.
 */
export function LmsScoreSync({ assessmentId, rows }: { assessmentId: string; rows: StudentScoreSync[] }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function resend(studentId?: string) {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/staff/assessments/${assessmentId}/lti-scores/resend`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(studentId ? { studentId } : {}),
      });
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(body.error?.message ?? `Resending failed (${response.status}); reload the page and try again.`);
      }
      router.refresh();
    } finally {
      setBusy(false);
    }
  }

  return (
    <section data-testid="lms-score-sync">
      <h2>Grades in the LMS</h2>
      <p>
        <button type="button" className="secondary" disabled={busy} onClick={() => void resend()}>
          Resend everyone&apos;s score
        </button>
      </p>
      <FormError message={error} />
      <ScrollBox label="Scores sent to the LMS">
        <table>
          <thead>
            <tr>
              <th>Student</th>
              <th>LMS course</th>
              <th>State</th>
              <th>Score sent</th>
              <th>Detail</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={`${row.studentId} ${row.lineItemId}`} data-state={row.state}>
                <td>{row.studentName || row.studentEmail}</td>
                <td>{row.lmsCourseTitle}</td>
                <td>{STATE_LABELS[row.state]}</td>
                <td>{row.scoreGiven === null ? "—" : `${Math.round(row.scoreGiven * 100) / 100} / ${row.scoreMaximum}`}</td>
                <td className="muted">
                  {row.state === "sent" && row.sentAt ? `at ${new Date(row.sentAt).toLocaleString()}` : null}
                  {row.state === "retrying" && row.nextAttemptAt
                    ? `attempt ${row.attempts + 1} at ${new Date(row.nextAttemptAt).toLocaleString()}: ${row.lastError}`
                    : null}
                  {row.state === "failed" ? row.lastError : null}
                </td>
                <td>
                  <button type="button" className="secondary" disabled={busy} onClick={() => void resend(row.studentId)}>
                    Resend
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollBox>
    </section>
  );
}
