import { pageUser } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import { deepLinkChoices, openDeepLinkRequest } from "@/lib/lti/deep-linking";
import { DeepLinkPicker } from "./deep-link-picker";

export const metadata = { title: "Place Chainrule content" };
export const dynamic = "force-dynamic";

// Where a staff member's deep-linking launch lands (lib/lti/deep-linking.ts).

export default async function DeepLinkPage({ searchParams }: { searchParams: Promise<{ request?: string }> }) {
  const { request: token = "" } = await searchParams;
  const user = await pageUser(`/lti/deep-link?request=${encodeURIComponent(token)}`);
  const db = getDb();
  const opened = await openDeepLinkRequest(db, user.id, token).catch((error: unknown) => {
    if (isAppError(error)) return error;
    throw error;
  });
  if (isAppError(opened)) {
    return (
      <div className="card">
        <h1>Place Chainrule content</h1>
        <p className="error" role="alert">
          {opened.message}
        </p>
      </div>
    );
  }
  const choices = await deepLinkChoices(db, opened.courseId);
  return (
    <div className="card">
      <h1>Place Chainrule content</h1>
      {choices.length === 0 ? (
        <p>This course has no assessments yet: create one under Author, then open the LMS&apos;s dialog again.</p>
      ) : (
        <DeepLinkPicker request={token} choices={choices} />
      )}
    </div>
  );
}
