"use client";

import { useEffect, useRef } from "react";

/**
 * What a student should know before a submission goes: that it uses their
 * last attempt, or that some parts are blank (they score 0 in it). Empty
 * when there is nothing to confirm; unlimited attempts never warn.
 */
export function submitWarnings({ attemptsLeft, blankParts }: { attemptsLeft: number | null; blankParts: number }): string[] {
  const warnings: string[] = [];
  if (attemptsLeft === 1) warnings.push("This uses your last attempt.");
  if (blankParts > 0)
    warnings.push(
      `${blankParts === 1 ? "1 part is" : `${blankParts} parts are`} blank: ` +
        `${blankParts === 1 ? "it scores" : "they score"} 0 in this attempt.`,
    );
  return warnings;
}

/**
 * The question before such a submission, in a native modal <dialog>: focus
 * moves into it and stays there, Escape cancels, and Cancel has the focus at
 * first, so that a stray Enter sends nothing.
 */
export function ConfirmSubmitDialog({
  warnings,
  onConfirm,
  onCancel,
}: {
  warnings: string[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = dialogRef.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  return (
    <dialog
      ref={dialogRef}
      className="confirm-dialog"
      aria-labelledby="confirm-submit-title"
      aria-describedby="confirm-submit-text"
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <h2 id="confirm-submit-title">Submit?</h2>
      <div id="confirm-submit-text">
        {warnings.map((warning) => (
          <p key={warning}>{warning}</p>
        ))}
      </div>
      <div className="actions">
        <button type="button" className="secondary" onClick={onCancel} autoFocus>
          Cancel
        </button>
        <button type="button" onClick={onConfirm}>
          Submit
        </button>
      </div>
    </dialog>
  );
}
