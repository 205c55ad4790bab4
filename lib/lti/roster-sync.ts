import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { accessToken, forgetAccessToken } from "./access-token";
import { fetchSafeToRepeat } from "./lms-fetch";
import { enrolFromLaunch } from "./link-course";
import { linkUser } from "./link-user";
import { courseRoleFromLti } from "./roles";
import { pruneContextMemberships, recordContextMembership } from "./context-membership";

// Names and Role Provisioning Services 2.0 (docs/lti.md, Roster sync): reads
// an LMS course's members (every page, following the RFC 8288 `next` link)
// and makes each active member a Chainrule account linked by (issuer,
// user_id), enrolled with the mapped role, so the gradebook lists students
// who never opened anything. Members who left the LMS course, or are
// Inactive there, keep their enrolment: it may hold work, and the LMS stays
// where membership is managed (a launch of theirs still follows the LMS's
// role). But they lose their membership of that LMS course
// (lib/lti/context-membership.ts), so no more scores are queued for its
// columns; a sync cut short by MAX_PAGES removes none. Each sync is recorded on LtiRosterSync.

export const NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly";
const MEMBERSHIPS_MEDIA_TYPE = "application/vnd.ims.lti-nrps.v2.membershipcontainer+json";
/** Launches start a sync of their course at most this often. */
export const LAUNCH_SYNC_INTERVAL_MS = 10 * 60 * 1000;
/** A guard against a platform whose `next` links never end. */
const MAX_PAGES = 200;

interface Member {
  user_id?: unknown;
  status?: unknown;
  name?: unknown;
  given_name?: unknown;
  family_name?: unknown;
  email?: unknown;
  roles?: unknown;
}

export interface RosterSyncResult {
  memberCount: number;
  enrolled: number;
  finishedAt: Date;
}

const text = (value: unknown) => (typeof value === "string" ? value : "");

function nextLink(header: string | null): string | null {
  for (const part of (header ?? "").split(",")) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part);
    if (match) return match[1];
  }
  return null;
}

/** Every member listed; `complete` is false when the pages ran past MAX_PAGES. */
async function fetchMembers(
  db: Db,
  platform: Parameters<typeof accessToken>[1],
  url: string,
): Promise<{ members: Member[]; complete: boolean }> {
  const members: Member[] = [];
  let page: string | null = url;
  for (let count = 0; page && count < MAX_PAGES; count++) {
    let token = await accessToken(db, platform, [NRPS_SCOPE]);
    let response = await fetchSafeToRepeat(page, { headers: { authorization: `Bearer ${token}`, accept: MEMBERSHIPS_MEDIA_TYPE } });
    if (response.status === 401) {
      forgetAccessToken(platform.id, [NRPS_SCOPE]);
      token = await accessToken(db, platform, [NRPS_SCOPE]);
      response = await fetchSafeToRepeat(page, { headers: { authorization: `Bearer ${token}`, accept: MEMBERSHIPS_MEDIA_TYPE } });
    }
    if (!response.ok) throw new Error(`the LMS's memberships service answered ${response.status}`);
    const body = (await response.json()) as { members?: Member[] };
    members.push(...(Array.isArray(body.members) ? body.members : []));
    page = nextLink(response.headers.get("link"));
  }
  return { members, complete: page === null };
}

/** Syncs the roster of one linked LMS course now; records the outcome, and throws UNAVAILABLE when the LMS failed. */
export async function syncRoster(db: Db, courseLinkId: string, now = new Date()): Promise<RosterSyncResult> {
  const link = await db.ltiCourseLink.findUnique({ where: { id: courseLinkId }, include: { platform: true, nrpsSync: true } });
  if (!link?.nrpsSync?.contextMembershipsUrl) {
    throw new AppError(
      "CONFLICT",
      "The LMS has not offered this course's roster yet: open a Chainrule link from the LMS course once (with Names and Roles enabled), then sync.",
    );
  }
  await db.ltiRosterSync.update({ where: { courseLinkId }, data: { startedAt: now } });
  try {
    const { members, complete } = await fetchMembers(db, link.platform, link.nrpsSync.contextMembershipsUrl);
    let enrolled = 0;
    for (const member of members) {
      const subject = text(member.user_id);
      if (!subject || (member.status !== undefined && member.status !== "Active")) continue;
      const name = text(member.name) || [text(member.given_name), text(member.family_name)].filter(Boolean).join(" ") || "LMS user";
      const user = await linkUser(
        db,
        link.platformId,
        { issuer: link.platform.issuer, subject, name, email: text(member.email) },
        now,
        false,
      );
      const roles = Array.isArray(member.roles) ? member.roles.filter((r): r is string => typeof r === "string") : [];
      await enrolFromLaunch(db, user.id, link.courseId, courseRoleFromLti(roles));
      await recordContextMembership(db, { userId: user.id, courseLinkId, source: "roster", now });
      enrolled++;
    }
    if (complete) await pruneContextMemberships(db, courseLinkId, now);
    const finishedAt = new Date();
    await db.ltiRosterSync.update({ where: { courseLinkId }, data: { finishedAt, memberCount: members.length, lastError: "" } });
    return { memberCount: members.length, enrolled, finishedAt };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    await db.ltiRosterSync.update({ where: { courseLinkId }, data: { lastError: message.slice(0, 500) } });
    throw new AppError("UNAVAILABLE", `The roster sync failed: ${message}. Try again later, or check the LMS's registration.`);
  }
}

/**
 * On launch: remembers the NRPS URL the launch carried and says whether a sync is due (none started in the
 * last 10 minutes). Claiming the start time in the same update makes concurrent launches start one sync.
 */
export async function rosterSyncDue(db: Db, courseLinkId: string, contextMembershipsUrl: string, now = new Date()): Promise<boolean> {
  const remember = () =>
    db.ltiRosterSync.upsert({
      where: { courseLinkId },
      create: { courseLinkId, contextMembershipsUrl },
      update: { contextMembershipsUrl },
    });
  // Two first launches at once: the loser of the insert updates the winner's row.
  await remember().catch((error: unknown) => {
    if (isUniqueViolation(error)) return remember();
    throw error;
  });
  const claimed = await db.ltiRosterSync.updateMany({
    where: {
      courseLinkId,
      OR: [{ startedAt: null }, { startedAt: { lt: new Date(now.getTime() - LAUNCH_SYNC_INTERVAL_MS) } }],
    },
    data: { startedAt: now },
  });
  return claimed.count === 1;
}

/** What a launch runs after answering: a sync when one is due; a failure is recorded and logged, never thrown. */
export async function syncRosterAfterLaunch(db: Db, courseLinkId: string, contextMembershipsUrl: string): Promise<void> {
  try {
    if (await rosterSyncDue(db, courseLinkId, contextMembershipsUrl)) await syncRoster(db, courseLinkId);
  } catch (error) {
    console.error("[chainrule] LTI roster sync after a launch failed", error);
  }
}

/** The course's LMS links and the last sync of each, for the roster page and the API. */
export async function rosterSyncsOf(db: Db, courseId: string) {
  const links = await db.ltiCourseLink.findMany({ where: { courseId }, include: { nrpsSync: true }, orderBy: { createdAt: "asc" } });
  return links.map((link) => ({
    courseLinkId: link.id,
    contextTitle: link.contextTitle,
    syncable: Boolean(link.nrpsSync?.contextMembershipsUrl),
    startedAt: link.nrpsSync?.startedAt ?? null,
    finishedAt: link.nrpsSync?.finishedAt ?? null,
    memberCount: link.nrpsSync?.memberCount ?? 0,
    lastError: link.nrpsSync?.lastError ?? "",
  }));
}
