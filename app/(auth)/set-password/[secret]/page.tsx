import type { Metadata } from "next";
import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { readAccountLink } from "@/lib/accounts/redeem-account-link";
import { SetPasswordForm } from "./set-password-form";

// The page an account link opens (lib/accounts/). Opening it changes
// nothing, so a mail scanner or a link preview that fetches it cannot use
// the link up; only the form's submission does.

export const metadata: Metadata = { title: "Set your password", referrer: "no-referrer" };
export const dynamic = "force-dynamic";

export default async function SetPasswordPage({ params }: { params: Promise<{ secret: string }> }) {
  const { secret } = await params;
  let link;
  try {
    link = await readAccountLink(getDb(), secret);
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    return (
      <div className="card">
        <h1>This link does not work any more</h1>
        <p>{error.message}</p>
      </div>
    );
  }
  const claiming = link.purpose === "CLAIM";
  return (
    <div className="card">
      <h1>{claiming ? "Set up your Chainrule account" : "Choose a new password"}</h1>
      <p>
        For <strong>{link.email}</strong>.{" "}
        {claiming
          ? "Your instructor added you to a course; choose a password to start."
          : "Every device signed in to this account will be signed out."}
      </p>
      <SetPasswordForm secret={secret} claiming={claiming} name={link.name} />
    </div>
  );
}
