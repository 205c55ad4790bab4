import Link from "next/link";
import { safeReturnPath } from "@/lib/auth/safe-return-path";

export const metadata = { title: "No access" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ from?: string | string[] }> }) {
  // Shown, not followed; still only a path of this site, so that a crafted link cannot put its own words here.
  const path = safeReturnPath((await searchParams).from);
  const from = path === "/" ? null : path;
  return (
    <div className="card" role="alert">
      <h1>This page is for course staff</h1>
      <p>
        {from ? (
          <>
            <code>{from}</code> is only open to TAs and instructors.
          </>
        ) : (
          "The page you asked for is only open to TAs and instructors."
        )}{" "}
        If you think you should have access, ask your course&apos;s instructor to change your role.
      </p>
      <p>
        <Link href="/courses">Go to my courses</Link>
      </p>
    </div>
  );
}
