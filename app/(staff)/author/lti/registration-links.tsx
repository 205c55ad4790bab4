"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/components/form-error";
import type { RegistrationLinkView } from "@/lib/lti/registration-links";

// LTI Dynamic Registration links (docs/lti.md, Dynamic Registration): make
// one, copy it into the LMS, revoke one not yet used. It talks to the JSON
// API (/api/staff/lti/registration-links). A link's address is shown only
// right after it is made: Chainrule keeps only a hash of it.

interface ErrorBody {
  error?: { message?: string };
}

const STATUS_LABEL: Record<RegistrationLinkView["status"], string> = {
  active: "waiting for the LMS",
  used: "used",
  expired: "expired",
  revoked: "revoked",
};

export function RegistrationLinks({ links }: { links: RegistrationLinkView[] }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [madeUrl, setMadeUrl] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function call(url: string, init: RequestInit): Promise<unknown> {
    setPending(true);
    setError(null);
    try {
      const response = await fetch(url, init);
      const body = (await response.json().catch(() => ({}))) as ErrorBody;
      if (!response.ok) {
        setError(body.error?.message ?? `The server answered ${response.status}; try again.`);
        return null;
      }
      router.refresh();
      return body;
    } catch {
      setError("The server could not be reached; check your connection and try again.");
      return null;
    } finally {
      setPending(false);
    }
  }

  async function create(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const name = String(new FormData(event.currentTarget).get("name") ?? "");
    const body = (await call("/api/staff/lti/registration-links", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name }),
    })) as { url?: string } | null;
    if (body?.url) setMadeUrl(body.url);
  }

  return (
    <>
      <form onSubmit={create} className="form" aria-label="Create a registration link">
        <label>
          Name of the LMS (for you)
          <input name="name" maxLength={200} />
        </label>
        <FormError message={error} />
        <p className="button-row">
          <button type="submit" disabled={pending}>
            Create registration link
          </button>
        </p>
      </form>
      {madeUrl && (
        <p role="status">
          Paste this into the LMS&apos;s tool registration field within 24 hours; it works once and is not shown again:{" "}
          <code data-testid="registration-link-url">{madeUrl}</code>
        </p>
      )}
      {links.length > 0 && (
        <ul className="registration-links">
          {links.map((link) => (
            <li key={link.id}>
              {link.name || "Unnamed link"} <span className="muted">— {STATUS_LABEL[link.status]}</span>{" "}
              <span className="muted">made {new Date(link.createdAt).toLocaleString()}</span>{" "}
              {link.status === "active" && (
                <button
                  type="button"
                  className="secondary"
                  disabled={pending}
                  onClick={() => void call(`/api/staff/lti/registration-links/${link.id}`, { method: "DELETE" })}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
