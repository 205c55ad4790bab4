import "server-only";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { LtiServiceError, accessToken, type TokenPlatform } from "../access-token";
import { fetchSafeToRepeat } from "../lms-fetch";
import { AGS_SCOPE } from "./scopes";

// A line item (an LMS gradebook column) per placed assessment, made sure of
// on each launch that carries the AGS claim for a link to an assessment: the
// claim's `lineitem` when the platform gave one (deep linking placed it, or
// the link has exactly one), else one found in `lineitems` by the
// assessment's id (resourceId) or the link's id, else one created there.
// Parallel launches of one link race on LtiLineItem's unique resourceLinkId:
// the first inserts a placeholder ("pending:" URL) and asks the platform; the
// others see it and leave it, so the platform gets one POST. A placeholder
// left by a crash is taken over after PLACEHOLDER_STALE_MS.

export const LINE_ITEM_TAG = "chainrule";
const PENDING_PREFIX = "pending:";
const PLACEHOLDER_STALE_MS = 60_000;
const MEDIA = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  container: "application/vnd.ims.lis.v2.lineitemcontainer+json",
} as const;

export interface LaunchAgsInput {
  platform: TokenPlatform;
  courseLinkId: string;
  /** The resource_link claim's id. */
  resourceLinkId: string;
  ags: { scope: string[]; lineitems?: string; lineitem?: string };
  now?: Date;
}

export const isPendingLineItem = (url: string) => url.startsWith(PENDING_PREFIX);

/** Points the assessment is out of: the sum of its placements' points, as the gradebook's total. */
async function assessmentPoints(db: Db, assessmentId: string): Promise<number> {
  const sum = await db.assessmentProblem.aggregate({ where: { assessmentId }, _sum: { points: true } });
  return sum._sum.points ?? 0;
}

/** Makes sure the launched link's assessment has its line item; returns its row id, or null when the link is not to an assessment. */
export async function ensureLaunchLineItem(db: Db, input: LaunchAgsInput): Promise<string | null> {
  const now = input.now ?? new Date();
  const link = await db.ltiResourceLink.findUnique({
    where: {
      platformId_courseLinkId_resourceLinkId: {
        platformId: input.platform.id,
        courseLinkId: input.courseLinkId,
        resourceLinkId: input.resourceLinkId,
      },
    },
    select: { id: true, assessmentId: true, assessment: { select: { title: true } }, lineItem: true },
  });
  if (!link?.assessmentId || !link.assessment) return null;
  const assessmentId = link.assessmentId;
  const existing = link.lineItem;
  const claimed = input.ags.lineitem;

  // The platform named the column: store it (or follow it if the platform moved it).
  if (claimed) {
    if (existing?.lineItemUrl === claimed) return existing.id;
    const scoreMaximum = await assessmentPoints(db, assessmentId);
    const data = { assessmentId, lineItemUrl: claimed, lineItemsUrl: input.ags.lineitems ?? "", scoreMaximum };
    try {
      const row = await db.ltiLineItem.upsert({
        where: { resourceLinkId: link.id },
        create: { resourceLinkId: link.id, ...data },
        update: data,
      });
      return row.id;
    } catch (error) {
      // Another launch stored the same URL for the assessment (through another link): use that row.
      if (!isUniqueViolation(error)) throw error;
      const row = await db.ltiLineItem.findUnique({ where: { assessmentId_lineItemUrl: { assessmentId, lineItemUrl: claimed } } });
      return row?.id ?? null;
    }
  }
  if (existing && !isPendingLineItem(existing.lineItemUrl)) return existing.id;
  const lineItemsUrl = input.ags.lineitems;
  if (!lineItemsUrl) return null;

  const scoreMaximum = await assessmentPoints(db, assessmentId);
  const placeholder = `${PENDING_PREFIX}${link.id}`;
  let rowId: string;
  if (!existing) {
    try {
      rowId = (
        await db.ltiLineItem.create({
          data: { resourceLinkId: link.id, assessmentId, lineItemUrl: placeholder, lineItemsUrl, scoreMaximum },
        })
      ).id;
    } catch (error) {
      if (isUniqueViolation(error)) return null; // another launch is asking the platform
      throw error;
    }
  } else {
    // A placeholder: ours to take over only when its launch died long ago (the updatedAt check decides between racers).
    if (now.getTime() - existing.updatedAt.getTime() < PLACEHOLDER_STALE_MS) return null;
    const taken = await db.ltiLineItem.updateMany({ where: { id: existing.id, updatedAt: existing.updatedAt }, data: { lineItemsUrl } });
    if (taken.count === 0) return null;
    rowId = existing.id;
  }

  try {
    const url = await findOrCreateLineItem(db, input.platform, input.ags.scope, lineItemsUrl, {
      label: link.assessment.title,
      scoreMaximum,
      resourceId: assessmentId,
      resourceLinkId: input.resourceLinkId,
    });
    await db.ltiLineItem.update({ where: { id: rowId }, data: { lineItemUrl: url } });
    return rowId;
  } catch (error) {
    // Let a later launch try again at once.
    await db.ltiLineItem.delete({ where: { id: rowId } }).catch(() => undefined);
    throw error;
  }
}

interface NewLineItem {
  label: string;
  scoreMaximum: number;
  resourceId: string;
  resourceLinkId: string;
}

async function findOrCreateLineItem(db: Db, platform: TokenPlatform, granted: string[], lineItemsUrl: string, item: NewLineItem) {
  const canCreate = granted.includes(AGS_SCOPE.lineItem);
  const scopes = canCreate ? [AGS_SCOPE.lineItem] : [AGS_SCOPE.lineItemReadonly];
  const token = await accessToken(db, platform, scopes);
  const auth = { authorization: `Bearer ${token}` };

  const search = new URL(lineItemsUrl);
  search.searchParams.set("resource_link_id", item.resourceLinkId);
  const listed = await fetchSafeToRepeat(search, { headers: { ...auth, accept: MEDIA.container }, signal: AbortSignal.timeout(15_000) });
  if (!listed.ok) throw new LtiServiceError(listed.status, `listing line items answered ${listed.status}`);
  const items = (await listed.json()) as { id?: string; resourceId?: string; resourceLinkId?: string }[];
  const found = Array.isArray(items)
    ? items.find((candidate) => candidate.resourceId === item.resourceId || candidate.resourceLinkId === item.resourceLinkId)
    : undefined;
  if (found?.id) return found.id;
  if (!canCreate) throw new LtiServiceError(403, "the platform granted no scope to create a line item");

  const created = await fetch(lineItemsUrl, {
    method: "POST",
    headers: { ...auth, "content-type": MEDIA.lineItem, accept: MEDIA.lineItem },
    body: JSON.stringify({ ...item, scoreMaximum: item.scoreMaximum > 0 ? item.scoreMaximum : 1, tag: LINE_ITEM_TAG }),
    signal: AbortSignal.timeout(15_000),
  });
  if (!created.ok) throw new LtiServiceError(created.status, `creating the line item answered ${created.status}`);
  const body = (await created.json()) as { id?: unknown };
  if (typeof body.id !== "string") throw new LtiServiceError(502, "the platform's new line item has no id");
  return body.id;
}
