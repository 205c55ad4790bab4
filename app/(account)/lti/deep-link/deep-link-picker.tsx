"use client";

import { useState, type FormEvent } from "react";
import { FormError } from "@/app/components/form-error";
import type { DeepLinkChoice } from "@/lib/lti/deep-linking";

// The picker on /lti/deep-link: asks the JSON API (POST /api/lti/deep-link)
// for the signed response, then form-posts it to the LMS's return URL as
// Deep Linking 2.0 asks (field `JWT`).

export function DeepLinkPicker({ request, choices }: { request: string; choices: DeepLinkChoice[] }) {
  const [target, setTarget] = useState(choices[0].target);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const response = await fetch("/api/lti/deep-link", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ request, target }),
      });
      const answer = (await response.json().catch(() => ({}))) as { returnUrl?: string; jwt?: string; error?: { message?: string } };
      if (!response.ok || !answer.returnUrl || !answer.jwt) {
        setError(answer.error?.message ?? `The server answered ${response.status}; try again.`);
        setBusy(false);
        return;
      }
      const form = document.createElement("form");
      form.method = "post";
      form.action = answer.returnUrl;
      const field = document.createElement("input");
      field.type = "hidden";
      field.name = "JWT";
      field.value = answer.jwt;
      form.append(field);
      document.body.append(form);
      form.submit();
    } catch {
      setError("The server could not be reached; check your connection and try again.");
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit}>
      <fieldset>
        <legend>Place in the LMS course</legend>
        {choices.map((choice) => (
          <label key={choice.target} className={choice.kind === "problem" ? "indent" : undefined}>
            <input
              type="radio"
              name="target"
              value={choice.target}
              checked={target === choice.target}
              onChange={() => setTarget(choice.target)}
            />{" "}
            {choice.title}
          </label>
        ))}
      </fieldset>
      <FormError message={error} />
      <button type="submit" disabled={busy}>
        {busy ? "Placing…" : "Place"}
      </button>
    </form>
  );
}
