import Link from "next/link";
import { pageCourseRole } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { getRosterPage } from "@/lib/roster/get-roster-page";
import { siteUrl } from "@/lib/env";
import { regenerateInviteAction } from "./actions";
import { MemberRow } from "./member-row";
import { RosterImport } from "./roster-import";
import { listAccommodations } from "@/lib/exceptions/accommodations";
import { formatCourseDate } from "@/lib/dates";
import { Accommodations } from "./accommodations";
import { rosterSyncsOf } from "@/lib/lti/roster-sync";
import { LmsRosterSync } from "./lms-roster-sync";
import { ScrollBox } from "@/app/components/table/scroll-box";

export const metadata = { title: "Roster" };
export const dynamic = "force-dynamic";

export default async function RosterPage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  await pageCourseRole(`/author/courses/${courseId}/roster`, courseId, ["INSTRUCTOR"]);
  const { courseTitle, timeZone, inviteCode, members: roster } = await getRosterPage({ db: getDb(), courseId });
  const accommodations = await listAccommodations(getDb(), courseId);
  const lmsSyncs = await rosterSyncsOf(getDb(), courseId);
  const inviteLink = inviteCode ? `${siteUrl()}/signup?invite=${inviteCode}` : null;
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / {courseTitle}
      </p>
      <h1>Roster</h1>
      <section className="card" aria-labelledby="invite">
        <h2 id="invite">Invite link</h2>
        <p>
          Students who open this link can create a student account and join the course, or join with the account they have. Someone you
          added by email sets their password with a link of their own: make it with “Password link” beside their name.
        </p>
        {inviteLink ? (
          <p>
            <code className="link-text" data-testid="invite-link">
              {inviteLink}
            </code>
          </p>
        ) : (
          <p className="muted">No link is active.</p>
        )}
        <form action={regenerateInviteAction}>
          <input type="hidden" name="courseId" value={courseId} />
          <button type="submit" className="secondary">
            {inviteLink ? "Replace the link (the old one stops working)" : "Create a link"}
          </button>
        </form>
      </section>
      {lmsSyncs.length > 0 && (
        <section className="card" aria-labelledby="lms-roster">
          <h2 id="lms-roster">LMS roster</h2>
          <p>
            Members of the linked LMS course are enrolled from the LMS (at most every 10 minutes when someone opens a Chainrule link there,
            or now). People who leave the LMS course stay enrolled here.
          </p>
          <ul>
            {lmsSyncs.map((sync) => (
              <li key={sync.courseLinkId}>
                {sync.contextTitle || "LMS course"}:{" "}
                {!sync.syncable
                  ? "the LMS has not offered its roster yet"
                  : sync.finishedAt
                    ? `${sync.memberCount} members read ${formatCourseDate(sync.finishedAt, timeZone)}`
                    : "never synced"}
                {sync.lastError ? ` (last attempt failed: ${sync.lastError})` : ""}
              </li>
            ))}
          </ul>
          <LmsRosterSync courseId={courseId} />
        </section>
      )}
      <section className="card" aria-labelledby="add">
        <h2 id="add">Add or change people</h2>
        <RosterImport courseId={courseId} />
      </section>
      <section className="card" aria-labelledby="accommodations">
        <h2 id="accommodations">Time accommodations</h2>
        <p>
          A student&apos;s time multiplier on every timed assessment of the course, counted from their first opening. An exception on one
          assessment with a larger multiplier wins there.
        </p>
        <Accommodations
          courseId={courseId}
          rows={accommodations.map((row) => ({
            userId: row.userId!,
            name: row.user?.name ?? "",
            email: row.user?.email ?? "",
            timeMultiplier: row.timeMultiplier,
            reason: row.reason,
            grantedBy: row.createdBy?.name ?? null,
            grantedAt: formatCourseDate(row.createdAt, timeZone),
          }))}
          students={roster.filter((member) => member.role === "STUDENT")}
        />
      </section>
      <section className="card" aria-labelledby="members">
        <h2 id="members">
          {roster.length} {roster.length === 1 ? "person" : "people"}
        </h2>
        <ScrollBox label="Roster">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Section</th>
                <th scope="col">Role</th>
                <th scope="col">Sign-in</th>
              </tr>
            </thead>
            <tbody>
              {roster.map((member) => (
                <MemberRow key={member.userId} courseId={courseId} member={member} timeZone={timeZone} />
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </section>
    </>
  );
}
