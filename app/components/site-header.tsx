import Link from "next/link";
import { type AuthorizedUser, requireUser } from "@/lib/auth/session";
import { hasAnyRole } from "@/lib/auth/roles";
import { AppError } from "@/lib/errors";
import { SignOutButton } from "./sign-out-button";

/**
 * The signed-in user with their current roles, as the pages' own checks read
 * them (lib/auth/session.ts: the cookie decoded once per token, roles from
 * the database), or null for a visitor. Not next-auth's getServerSession:
 * on every page it decrypted the cookie, re-read the roles through the jwt
 * callback once the token was a minute old, and encrypted a new token that
 * a layout cannot send back.
 */
async function signedInUser(): Promise<AuthorizedUser | null> {
  try {
    return await requireUser();
  } catch (error) {
    if (error instanceof AppError && error.code === "UNAUTHENTICATED") return null;
    throw error;
  }
}

// Navigation by role. Links only: each page checks access on the server.
export async function SiteHeader() {
  const user = await signedInUser();
  const memberships = user?.memberships ?? [];
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Chainrule
      </Link>
      <nav aria-label="Main">
        {user && <Link href="/courses">My courses</Link>}
        {hasAnyRole(memberships, ["TA", "INSTRUCTOR"]) && <Link href="/gradebook">Gradebook</Link>}
        {hasAnyRole(memberships, ["INSTRUCTOR"]) && <Link href="/author">Authoring</Link>}
      </nav>
      {user ? (
        <>
          <Link href="/account" className="who" data-testid="signed-in-as" title="Your account">
            {user.name} ({user.email})
          </Link>
          <SignOutButton />
        </>
      ) : (
        <Link href="/signin">Sign in</Link>
      )}
    </header>
  );
}
