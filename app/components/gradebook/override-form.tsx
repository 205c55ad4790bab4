"use client";

import { useId, useState, type FormEvent } from "react";
import { useRouter } from "next/navigation";

interface OverrideFormProps {
  assessmentId: string;
  studentId: string;
  assessmentProblemId: string;
  problemTitle: string;
  /** The problem's points in this assessment. */
  points: number;
  /** Each part's share: its points within the problem's parts. */
  parts: { id: string; points: number }[];
}

/**
 * Sets a part's or the whole problem's score, in points, with a required
 * comment the student will read. The server converts nothing: it receives a
 * fraction of the part's (or problem's) points and checks the role itself.
 */
export function OverrideForm({ assessmentId, studentId, assessmentProblemId, problemTitle, points, parts }: OverrideFormProps) {
  const router = useRouter();
  const id = useId();
  const [partId, setPartId] = useState("");
  const [value, setValue] = useState("");
  const [comment, setComment] = useState("");
  const [status, setStatus] = useState<{ kind: "idle" | "saving" | "saved" | "error"; message?: string }>({ kind: "idle" });
  const partTotal = parts.reduce((sum, part) => sum + part.points, 0);
  // A part's points as the gradebook shows them: its share of the problem's points.
  const maxPoints = partId === "" ? points : (points * (parts.find((p) => p.id === partId)?.points ?? 0)) / (partTotal || 1);
  const roundedMax = Math.round(maxPoints * 100) / 100;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const entered = Number(value);
    if (value.trim() === "" || !Number.isFinite(entered) || entered < 0 || entered > roundedMax) {
      setStatus({ kind: "error", message: `Enter points from 0 to ${roundedMax}.` });
      return;
    }
    if (comment.trim() === "") {
      setStatus({ kind: "error", message: "Write a comment: the student sees it next to the new score." });
      return;
    }
    setStatus({ kind: "saving" });
    const response = await fetch(`/api/staff/assessments/${assessmentId}/overrides`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        studentId,
        assessmentProblemId,
        partId,
        score: Math.min(1, maxPoints === 0 ? 0 : entered / maxPoints),
        comment,
      }),
    });
    if (!response.ok) {
      const body = await response.json().catch(() => null);
      setStatus({ kind: "error", message: body?.error?.message ?? `The server refused (${response.status}).` });
      return;
    }
    setStatus({ kind: "saved", message: "Saved. The student sees the new score and your comment." });
    setValue("");
    setComment("");
    router.refresh();
  }

  return (
    <form className="gb-override-form form" onSubmit={submit} aria-label={`Override a score on ${problemTitle}`}>
      <label htmlFor={`${id}-part`}>
        Score to set
        <select id={`${id}-part`} value={partId} onChange={(e) => setPartId(e.target.value)}>
          <option value="">Whole problem ({Math.round(points * 100) / 100} pts)</option>
          {parts.map((part) => (
            <option key={part.id} value={part.id}>
              Part {part.id} ({Math.round(((points * part.points) / (partTotal || 1)) * 100) / 100} pts)
            </option>
          ))}
        </select>
      </label>
      <label htmlFor={`${id}-points`}>
        Points (0 to {roundedMax})
        <input
          id={`${id}-points`}
          type="number"
          min={0}
          max={roundedMax}
          step="any"
          inputMode="decimal"
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </label>
      <label htmlFor={`${id}-comment`}>
        Comment for the student (required)
        <textarea id={`${id}-comment`} required maxLength={2000} rows={3} value={comment} onChange={(e) => setComment(e.target.value)} />
      </label>
      <div>
        <button type="submit" disabled={status.kind === "saving"}>
          {status.kind === "saving" ? "Saving…" : "Set score"}
        </button>
      </div>
      <p role={status.kind === "error" ? "alert" : "status"} className={status.kind === "error" ? "error" : "muted"}>
        {status.message ?? ""}
      </p>
    </form>
  );
}
