"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { FormError } from "@/app/components/form-error";

// "Sync from the LMS" on the roster page: POST /api/staff/courses/:id/lti/roster-sync (NRPS, docs/lti.md).

export function LmsRosterSync({ courseId }: { courseId: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function sync() {
    setBusy(true);
    setError(null);
    try {
      const response = await fetch(`/api/staff/courses/${courseId}/lti/roster-sync`, { method: "POST" });
      if (!response.ok) {
        const answer = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
        setError(answer.error?.message ?? `The server answered ${response.status}; try again.`);
        return;
      }
      router.refresh();
    } catch {
      setError("The server could not be reached; check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <FormError message={error} />
      <button type="button" className="secondary" onClick={sync} disabled={busy}>
        {busy ? "Syncing…" : "Sync the roster from the LMS now"}
      </button>
    </>
  );
}
