"use client";

import { useEffect, useRef, useState } from "react";

type CopyStatus = "idle" | "copied" | "failed";

async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers, or a page served over plain http from another host: the
  // Clipboard API is missing, but a selected textarea can still be copied.
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.appendChild(area);
  area.select();
  const copied = document.execCommand("copy");
  area.remove();
  if (!copied) throw new Error("copy refused");
}

export interface CopyButtonProps {
  /** The button's text, such as "Copy as NumPy". */
  label: string;
  /** What is copied. A string rather than a function, so that a server component can pass it. */
  text: string;
  /** Names the thing copied for screen readers ("W0 as NumPy"). */
  describes: string;
}

/** A button that copies text and says so next to itself (a polite live region), for 2 s. */
export function CopyButton({ label, text, describes }: CopyButtonProps) {
  const [status, setStatus] = useState<CopyStatus>("idle");
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  async function onClick() {
    try {
      await copyText(text);
      setStatus("copied");
    } catch {
      setStatus("failed");
    }
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => setStatus("idle"), 2000);
  }

  return (
    <span className="copy-button">
      <button type="button" className="secondary small" onClick={onClick} aria-label={`${label}: ${describes}`}>
        {label}
      </button>
      <span role="status" aria-live="polite" className={status === "failed" ? "copy-status error" : "copy-status"}>
        {status === "copied" ? "Copied" : status === "failed" ? "Could not copy: the browser refused" : ""}
      </span>
    </span>
  );
}
