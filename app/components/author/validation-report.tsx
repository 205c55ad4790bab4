"use client";

import type { DocumentValidation } from "@/lib/authoring/contract";

/** What Validate (or a refused Publish) found: all seeds pass, or which seeds fail and why, each with a button to preview it. */
export function ValidationReport({ validation, onPreviewSeed }: { validation: DocumentValidation; onPreviewSeed: (seed: number) => void }) {
  if (validation.status === "valid") {
    return (
      <p className="pe-report pe-report-ok" role="status" data-testid="validation-report">
        Valid on seeds 0 to {validation.seeds - 1}: {validation.checks.toLocaleString("en-GB")} checks passed.
      </p>
    );
  }
  if (validation.status === "invalid-document") {
    return (
      <div className="pe-report pe-report-error" role="alert" data-testid="validation-report">
        <strong>The document does not compile.</strong> {validation.error.message}
      </div>
    );
  }
  return (
    <div className="pe-report pe-report-error" role="alert" data-testid="validation-report">
      <strong>
        Fails on {validation.failureCount} {validation.failureCount === 1 ? "check" : "checks"} in {validation.seeds} seeds.
      </strong>{" "}
      Publishing is blocked until every seed passes.
      <ul>
        {validation.failures.map((failure, i) => (
          <li key={i}>
            <button type="button" className="pe-link" onClick={() => onPreviewSeed(failure.seed)}>
              Seed {failure.seed}
            </button>
            {failure.part ? (
              <>
                , part <code>{failure.part}</code>
              </>
            ) : null}
            : {failure.message}
          </li>
        ))}
      </ul>
      {validation.failureCount > validation.failures.length && (
        <p className="muted pe-small">and {validation.failureCount - validation.failures.length} more.</p>
      )}
    </div>
  );
}
