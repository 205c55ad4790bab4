import { pageUser } from "@/lib/auth/page-guards";
import { ChangePasswordForm } from "./change-password-form";

export const metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const user = await pageUser("/account");
  return (
    <div className="card">
      <h1>Your account</h1>
      <p>
        {user.name} ({user.email})
      </p>
      <h2>Change your password</h2>
      <p className="muted">Changing it signs you out on every device, this one too. Forgot it? Ask your instructor for a password link.</p>
      <ChangePasswordForm />
    </div>
  );
}
