import { getSessionUser } from "@/lib/auth/session";
import { serverEnv } from "@/lib/env";
import { JoinCourseForm } from "./join-course-form";
import { SignUpForm } from "./sign-up-form";

export const metadata = { title: "Create an account" };
export const dynamic = "force-dynamic";

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ invite?: string }> }) {
  const { invite } = await searchParams;
  const open = serverEnv().CHAINRULE_SIGNUP === "open";
  // Someone with an account who opens an invite link joins with it; the link never touches their account otherwise.
  if (invite && (await getSessionUser())) {
    return (
      <div className="card">
        <h1>Join the course</h1>
        <p>You are signed in. Join the course that invited you as a student with the account you have.</p>
        <JoinCourseForm inviteCode={invite} />
      </div>
    );
  }
  if (!invite && !open) {
    return (
      <div className="card">
        <h1>Sign-up is by invitation</h1>
        <p>Open the invite link your instructor shared with your class; it brings you back here, ready to sign up.</p>
      </div>
    );
  }
  return (
    <div className="card">
      <h1>Create your Chainrule account</h1>
      {invite && (
        <p className="muted">
          You will join the course that invited you as a student. Already have an account? Sign in, then open the invite link again.
        </p>
      )}
      <SignUpForm inviteCode={invite ?? ""} />
    </div>
  );
}
