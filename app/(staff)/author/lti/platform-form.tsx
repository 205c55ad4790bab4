"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { FormError } from "@/app/components/form-error";
import type { PlatformView } from "@/lib/lti/platforms";

// One platform's registration form: empty to register a new platform
// (POST), filled in to change one (PUT) or delete it. It talks to the JSON
// API (/api/staff/lti/platforms), whose 400s name the field that was wrong.

const FIELDS = [
  { name: "name", label: "Name (for you)", required: false },
  { name: "issuer", label: "Issuer (iss)", required: true },
  { name: "clientId", label: "Client id", required: true },
  { name: "authLoginUrl", label: "OIDC authorization (login) URL", required: true },
  { name: "accessTokenUrl", label: "Access token URL", required: true },
  { name: "jwksUrl", label: "Public keyset (JWKS) URL", required: true },
] as const;

interface ErrorBody {
  error?: { message?: string };
}

export function PlatformForm({ platform }: { platform: PlatformView | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const url = platform ? `/api/staff/lti/platforms/${platform.id}` : "/api/staff/lti/platforms";

  async function send(method: "POST" | "PUT" | "DELETE", body?: unknown) {
    setPending(true);
    setError(null);
    setStatus(null);
    try {
      const response = await fetch(url, {
        method,
        headers: body ? { "content-type": "application/json" } : undefined,
        body: body ? JSON.stringify(body) : undefined,
      });
      if (!response.ok) {
        const answer = (await response.json().catch(() => ({}))) as ErrorBody;
        setError(answer.error?.message ?? `The server answered ${response.status}; try again.`);
        return false;
      }
      setStatus(method === "DELETE" ? "Deleted." : "Saved.");
      router.refresh();
      return true;
    } catch {
      setError("The server could not be reached; check your connection and try again.");
      return false;
    } finally {
      setPending(false);
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const body = {
      ...Object.fromEntries(FIELDS.map((field) => [field.name, String(data.get(field.name) ?? "")])),
      deploymentIds: String(data.get("deploymentIds") ?? "")
        .split(/[\n,]/)
        .map((id) => id.trim())
        .filter(Boolean),
      frameOrigins: String(data.get("frameOrigins") ?? "")
        .split(/[\s,]+/)
        .filter(Boolean),
    };
    if ((await send(platform ? "PUT" : "POST", body)) && !platform) form.reset();
  }

  return (
    <form onSubmit={submit} className="form" aria-label={platform ? `Edit ${platform.name || platform.issuer}` : "Register a platform"}>
      {FIELDS.map((field) => (
        <label key={field.name}>
          {field.label}
          <input name={field.name} required={field.required} defaultValue={platform ? platform[field.name] : ""} />
        </label>
      ))}
      <label>
        Deployment ids (one per line)
        <textarea name="deploymentIds" required rows={3} defaultValue={platform ? platform.deploymentIds.join("\n") : ""} />
      </label>
      <label>
        LMS web addresses that show Chainrule, if not the login URL&apos;s (one per line, optional)
        <textarea
          name="frameOrigins"
          rows={2}
          placeholder="https://school.instructure.com"
          defaultValue={platform ? platform.frameOrigins.join("\n") : ""}
        />
      </label>
      <FormError message={error} />
      {status && <p role="status">{status}</p>}
      <p className="button-row">
        <button type="submit" disabled={pending}>
          {platform ? "Save changes" : "Register platform"}
        </button>
        {platform && (
          <button
            type="button"
            className="secondary"
            disabled={pending}
            onClick={() => {
              if (window.confirm("Delete this registration? Launches from this LMS stop working; accounts and courses stay."))
                void send("DELETE");
            }}
          >
            Delete
          </button>
        )}
      </p>
    </form>
  );
}
