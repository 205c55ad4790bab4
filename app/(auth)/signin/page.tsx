import { redirect } from "next/navigation";
import Link from "next/link";
import { getSessionUser } from "@/lib/auth/session";
import { appOrigin, safeReturnPath } from "@/lib/auth/safe-return-path";
import { serverEnv } from "@/lib/env";
import { SignInForm } from "./sign-in-form";

export const metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<{ callbackUrl?: string | string[]; error?: string | string[] }>;
}) {
  const { callbackUrl, error } = await searchParams;
  // next-auth passes this site's own absolute URLs; anything off-site or malformed becomes "/".
  const returnTo = safeReturnPath(callbackUrl, appOrigin(serverEnv().NEXTAUTH_URL));
  if (await getSessionUser()) redirect(returnTo);
  return (
    <div className="card">
      <h1>Sign in to Chainrule</h1>
      <SignInForm returnTo={returnTo} initialError={error ? "Sign-in failed; check your email and password." : null} />
      <p className="muted">
        {serverEnv().CHAINRULE_SIGNUP === "open" ? (
          <>
            New here? <Link href="/signup">Create an account</Link>.
          </>
        ) : (
          "New students join through the invite link their instructor shares."
        )}
      </p>
    </div>
  );
}
