import Link from "next/link";
import { getServerSession } from "next-auth";
import { authOptions } from "@/lib/auth/options";
import { hasAnyRole } from "@/lib/auth/roles";
import { SignOutButton } from "./sign-out-button";

// Navigation by role. Links only: each page checks access on the server.
export async function SiteHeader() {
  const session = await getServerSession(authOptions);
  const memberships = session?.user?.memberships ?? [];
  return (
    <header className="site-header">
      <Link href="/" className="brand">
        Chainrule
      </Link>
      <nav aria-label="Main">
        {session && <Link href="/courses">My courses</Link>}
        {hasAnyRole(memberships, ["TA", "INSTRUCTOR"]) && <Link href="/gradebook">Gradebook</Link>}
        {hasAnyRole(memberships, ["INSTRUCTOR"]) && <Link href="/author">Authoring</Link>}
      </nav>
      {session ? (
        <>
          <span className="who" data-testid="signed-in-as">
            {session.user.name} ({session.user.email})
          </span>
          <SignOutButton />
        </>
      ) : (
        <Link href="/signin">Sign in</Link>
      )}
    </header>
  );
}
