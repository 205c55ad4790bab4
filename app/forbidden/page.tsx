import Link from "next/link";

export const metadata = { title: "No access" };

export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<{ from?: string }> }) {
  const { from } = await searchParams;
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
