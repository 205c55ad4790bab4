/**
 * The LTI Advantage services the tool calls with a bearer token:
 * Assignment and Grade Services 2.0 (line items, scores, results) and Names
 * and Role Provisioning Services 2.0 (context memberships, paged with a
 * Link header). Answers follow the specs; the flavour decides the quirks.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { lineItemSubUrl, type ServiceName, type ServiceRoute } from "./flavours";
import { HttpError, mediaType, readBody, sendJson } from "./http";
import type { LineItem, PlatformContext } from "./model";
import type { HeldScorePost, TestPlatform } from "./platform";
import { requireScope } from "./token";
import { ACTIVITY_PROGRESS, GRADING_PROGRESS, MEDIA_TYPE, SCOPE, type ActivityProgress, type GradingProgress } from "./vocabulary";

const fail = (status: number, message: string) => new HttpError(status, message, { error: message });

/** The scopes that admit each method of each service (AGS 2.0 §3.1, NRPS 2.0 §2.3). */
const SCOPES_FOR: Record<ServiceName, Record<string, string[]>> = {
  memberships: { GET: [SCOPE.membershipReadonly] },
  lineitems: { GET: [SCOPE.lineItem, SCOPE.lineItemReadonly], POST: [SCOPE.lineItem] },
  lineitem: { GET: [SCOPE.lineItem, SCOPE.lineItemReadonly], PUT: [SCOPE.lineItem], DELETE: [SCOPE.lineItem] },
  scores: { POST: [SCOPE.score] },
  results: { GET: [SCOPE.resultReadonly] },
};

/** Answers the request if it addresses a service; false if the path is not one. The token is checked before anything is looked up. */
export async function handleService(platform: TestPlatform, req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
  const route = platform.profile.matchService(url, platform.deploymentId);
  if (route === undefined) return false;
  if (route === "missing-type-id") throw fail(403, `this service URL needs ?type_id=${platform.deploymentId}, as given in the launch`);
  const scopes = SCOPES_FOR[route.service][req.method ?? ""];
  if (!scopes) throw fail(405, `${req.method} is not allowed here; use ${Object.keys(SCOPES_FOR[route.service]).join(" or ")}`);
  requireScope(platform, req.headers.authorization, scopes);
  const context = platform.context(route.contextId);
  switch (route.service) {
    case "memberships":
      return memberships(platform, res, url, context);
    case "lineitems":
      return req.method === "GET" ? listLineItems(platform, res, url, context) : createLineItem(platform, req, res, context);
    case "lineitem":
      return lineItemResource(platform, req, res, lineItemOf(platform, route));
    case "scores":
      return postScore(platform, req, res, url, lineItemOf(platform, route), context);
    case "results":
      return listResults(platform, res, url, lineItemOf(platform, route));
  }
}

function lineItemOf(platform: TestPlatform, route: ServiceRoute): LineItem {
  const item = platform.lineItemsById.get(route.lineItemId!);
  if (!item || item.contextId !== route.contextId) throw fail(404, `no line item ${route.lineItemId} in course ${route.contextId}`);
  return item;
}

/** Pages `items` by `limit` and `page`, with the RFC 8288 Link header both specs use. */
function paged<T>(items: T[], url: URL, defaultLimit: number): { page: T[]; headers: Record<string, string> } {
  const limit = Math.max(1, Number(url.searchParams.get("limit")) || defaultLimit);
  const pageNumber = Math.max(1, Number(url.searchParams.get("page")) || 1);
  const page = items.slice((pageNumber - 1) * limit, pageNumber * limit);
  const headers: Record<string, string> = {};
  if (pageNumber * limit < items.length) {
    const next = new URL(url);
    next.searchParams.set("limit", String(limit));
    next.searchParams.set("page", String(pageNumber + 1));
    headers.link = `<${next}>; rel="next"`;
  }
  return { page, headers };
}

function memberships(platform: TestPlatform, res: ServerResponse, url: URL, context: PlatformContext): true {
  const role = url.searchParams.get("role");
  const members = [...context.members.entries()]
    .map(([userId, membership]) => {
      const user = platform.user(userId);
      return {
        status: membership.status,
        ...(platform.privacy.name ? { name: user.name, given_name: user.givenName, family_name: user.familyName } : {}),
        ...(platform.privacy.email ? { email: user.email } : {}),
        user_id: user.sub,
        roles: platform.profile.roles(membership.role),
      };
    })
    .filter((member) => !role || member.roles.includes(role));
  const { page, headers } = paged(members, url, platform.membershipPageSize);
  sendJson(
    res,
    200,
    {
      id: url.toString(),
      context: { id: platform.profile.contextClaimId(context.id), label: context.label, title: context.title },
      members: page,
    },
    MEDIA_TYPE.membershipContainer,
    headers,
  );
  return true;
}

function lineItemJson(item: LineItem) {
  return {
    id: item.url,
    label: item.label,
    scoreMaximum: item.scoreMaximum,
    ...(item.resourceId !== undefined ? { resourceId: item.resourceId } : {}),
    ...(item.tag !== undefined ? { tag: item.tag } : {}),
    ...(item.resourceLinkId !== undefined ? { resourceLinkId: item.resourceLinkId } : {}),
    ...(item.startDateTime !== undefined ? { startDateTime: item.startDateTime } : {}),
    ...(item.endDateTime !== undefined ? { endDateTime: item.endDateTime } : {}),
  };
}

function listLineItems(platform: TestPlatform, res: ServerResponse, url: URL, context: PlatformContext): true {
  const filters = {
    resourceLinkId: url.searchParams.get("resource_link_id"),
    resourceId: url.searchParams.get("resource_id"),
    tag: url.searchParams.get("tag"),
  };
  const items = platform
    .lineItems({ contextId: context.id })
    .filter(
      (item) =>
        (filters.resourceLinkId === null || item.resourceLinkId === filters.resourceLinkId) &&
        (filters.resourceId === null || item.resourceId === filters.resourceId) &&
        (filters.tag === null || item.tag === filters.tag),
    )
    .map(lineItemJson);
  const { page, headers } = paged(items, url, 100);
  sendJson(res, 200, page, MEDIA_TYPE.lineItemContainer, headers);
  return true;
}

async function jsonBody(req: IncomingMessage, accepted: string[]): Promise<Record<string, unknown>> {
  const type = mediaType(req);
  if (!accepted.includes(type)) throw fail(415, `send the body as ${accepted[0]}, not ${type || "no content type"}`);
  let body: unknown;
  try {
    body = JSON.parse(await readBody(req));
  } catch {
    throw fail(400, "the body is not JSON");
  }
  if (!body || typeof body !== "object" || Array.isArray(body)) throw fail(400, "the body must be a JSON object");
  return body as Record<string, unknown>;
}

/** Checks a line item body (POST or PUT) and returns its fields. */
function lineItemFields(
  platform: TestPlatform,
  body: Record<string, unknown>,
  context: PlatformContext,
): Omit<LineItem, "id" | "url" | "contextId"> {
  if (typeof body.label !== "string" || !body.label.trim()) throw fail(400, "label is required and must be a non-empty string");
  if (typeof body.scoreMaximum !== "number" || !(body.scoreMaximum > 0))
    throw fail(400, "scoreMaximum is required and must be a number above 0");
  for (const name of ["resourceId", "tag", "resourceLinkId", "startDateTime", "endDateTime"] as const)
    if (body[name] !== undefined && typeof body[name] !== "string") throw fail(400, `${name} must be a string`);
  const resourceLinkId = body.resourceLinkId as string | undefined;
  if (resourceLinkId !== undefined && platform.resourceLinks.get(resourceLinkId)?.contextId !== context.id)
    throw fail(400, `resourceLinkId ${resourceLinkId} is not a link in course ${context.id}`);
  return {
    label: body.label,
    scoreMaximum: body.scoreMaximum,
    resourceId: body.resourceId as string | undefined,
    tag: body.tag as string | undefined,
    resourceLinkId,
    startDateTime: body.startDateTime as string | undefined,
    endDateTime: body.endDateTime as string | undefined,
  };
}

async function createLineItem(platform: TestPlatform, req: IncomingMessage, res: ServerResponse, context: PlatformContext): Promise<true> {
  const fields = lineItemFields(platform, await jsonBody(req, [MEDIA_TYPE.lineItem, "application/json"]), context);
  const item = platform.addLineItem({ context, ...fields });
  sendJson(res, 201, lineItemJson(item), MEDIA_TYPE.lineItem);
  return true;
}

async function lineItemResource(platform: TestPlatform, req: IncomingMessage, res: ServerResponse, item: LineItem): Promise<true> {
  if (req.method === "GET") {
    sendJson(res, 200, lineItemJson(item), MEDIA_TYPE.lineItem);
  } else if (req.method === "PUT") {
    const fields = lineItemFields(
      platform,
      await jsonBody(req, [MEDIA_TYPE.lineItem, "application/json"]),
      platform.context(item.contextId),
    );
    if (fields.resourceLinkId !== undefined && fields.resourceLinkId !== item.resourceLinkId)
      throw fail(400, "a line item's resourceLinkId cannot be changed");
    Object.assign(item, fields, { resourceLinkId: item.resourceLinkId });
    sendJson(res, 200, lineItemJson(item), MEDIA_TYPE.lineItem);
  } else {
    platform.lineItemsById.delete(item.id);
    for (const [key, result] of platform.results) if (result.lineItemId === item.id) platform.results.delete(key);
    res.writeHead(204).end();
  }
  return true;
}

const isIsoTimestamp = (value: unknown): value is string =>
  typeof value === "string" &&
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
  !Number.isNaN(Date.parse(value));

/**
 * POST <lineitem>/scores (AGS 2.0 §3.4). The spec leaves a platform free to
 * refuse or ignore a score older than the result on record; both LMSs refuse
 * it (Canvas 400, Moodle 409, Moodle also at an equal second), so the tool
 * must send scores in order with increasing timestamps.
 */
async function postScore(
  platform: TestPlatform,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  item: LineItem,
  context: PlatformContext,
): Promise<true> {
  const raw = await readBody(req).catch(() => "");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = raw;
  }
  const record = (status: number, reason?: string) =>
    platform.scorePosts.push({ url: url.toString(), status, reason, body: parsed, at: new Date() });

  const hold = platform.scoreHold;
  if (hold) {
    const held: HeldScorePost = { url: url.toString(), body: parsed, at: new Date(), abandoned: false };
    platform.heldScorePosts.push(held);
    // Before an answer is written, "close" means the connection was lost.
    const hungUp = () => (held.abandoned = true);
    res.once("close", hungUp);
    await hold.released;
    res.off("close", hungUp);
    if (held.abandoned) return true;
  }
  const failure = platform.scoreFailure;
  if (failure && failure.remaining > 0) {
    failure.remaining--;
    if (failure.remaining === 0) platform.scoreFailure = undefined;
    if (failure.recordFirst) {
      try {
        acceptScore(platform, req, url, item, context, parsed);
      } catch {
        // The injected failure is what the tool sees either way.
      }
    }
    record(failure.status, "injected failure");
    throw fail(failure.status, `injected failure ${failure.status}`);
  }
  try {
    const accepted = acceptScore(platform, req, url, item, context, parsed);
    record(accepted.status);
    if (accepted.body === undefined) res.writeHead(accepted.status).end();
    else sendJson(res, accepted.status, accepted.body);
  } catch (error) {
    if (error instanceof HttpError) record(error.status, error.message);
    throw error;
  }
  return true;
}

function acceptScore(platform: TestPlatform, req: IncomingMessage, url: URL, item: LineItem, context: PlatformContext, body: unknown) {
  const rules = platform.profile.scores;
  const type = mediaType(req);
  if (type !== MEDIA_TYPE.score && (rules.strictContentType || type !== "application/json"))
    throw fail(400, `send the score as ${MEDIA_TYPE.score}, not ${type || "no content type"}`);
  if (!body || typeof body !== "object" || Array.isArray(body)) throw fail(400, "the body must be a JSON object");
  const score = body as Record<string, unknown>;
  const missing = ["userId", "activityProgress", "gradingProgress", "timestamp"].filter((name) => score[name] === undefined);
  if (missing.length) throw fail(400, `missing ${missing.join(", ")}`);
  if (typeof score.userId !== "string") throw fail(400, "userId must be a string");
  if (!ACTIVITY_PROGRESS.includes(score.activityProgress as ActivityProgress))
    throw fail(400, `activityProgress must be one of ${ACTIVITY_PROGRESS.join(", ")}`);
  if (!GRADING_PROGRESS.includes(score.gradingProgress as GradingProgress))
    throw fail(400, `gradingProgress must be one of ${GRADING_PROGRESS.join(", ")}`);
  if (!isIsoTimestamp(score.timestamp))
    throw fail(400, `timestamp ${JSON.stringify(score.timestamp)} is not an ISO 8601 date-time with a zone`);
  if (score.scoreGiven !== undefined && (typeof score.scoreGiven !== "number" || score.scoreGiven < 0))
    throw fail(400, "scoreGiven must be a number at least 0");
  if (score.scoreMaximum !== undefined && (typeof score.scoreMaximum !== "number" || score.scoreMaximum < 0))
    throw fail(rules.missingMaximum === "refuse" ? 422 : 400, "scoreMaximum must be a number at least 0");
  if (score.comment !== undefined && typeof score.comment !== "string") throw fail(400, "comment must be a string");
  let scoreMaximum = score.scoreMaximum as number | undefined;
  if (score.scoreGiven !== undefined && scoreMaximum === undefined) {
    if (rules.missingMaximum === "refuse") throw fail(422, "scoreMaximum not supplied when scoreGiven present");
    scoreMaximum = 1;
  }
  const member = [...context.members.entries()].find(([userId]) => platform.user(userId).sub === score.userId);
  if (!member) throw fail(rules.unknownUserStatus, `user ${score.userId} is not a member of course ${context.id}`);

  const timestamp = new Date(score.timestamp);
  const key = `${item.id}\n${score.userId}`;
  const previous = platform.results.get(key);
  if (previous && rules.isStale(previous.timestamp, timestamp))
    throw fail(
      rules.staleStatus,
      `timestamp ${score.timestamp} is not later than the result on record (${previous.timestamp.toISOString()})`,
    );

  const keepsScore = rules.keepsScoreGivenWhen.includes(score.gradingProgress as GradingProgress);
  platform.results.set(key, {
    lineItemId: item.id,
    userId: score.userId,
    resultScore: keepsScore ? (score.scoreGiven as number | undefined) : undefined,
    resultMaximum: scoreMaximum ?? item.scoreMaximum,
    comment: score.comment as string | undefined,
    timestamp,
  });
  platform.scores.push({
    lineItemId: item.id,
    lineItemUrl: item.url,
    userId: score.userId,
    scoreGiven: score.scoreGiven as number | undefined,
    scoreMaximum,
    comment: score.comment as string | undefined,
    activityProgress: score.activityProgress as ActivityProgress,
    gradingProgress: score.gradingProgress as GradingProgress,
    timestamp: score.timestamp,
    receivedAt: new Date(),
  });
  return platform.profile.scoreAccepted(resultUrl(item, score.userId));
}

const resultUrl = (item: LineItem, userId: string) => {
  const url = new URL(lineItemSubUrl(item.url, "results"));
  url.pathname += `/${encodeURIComponent(userId)}`;
  return url.toString();
};

function listResults(platform: TestPlatform, res: ServerResponse, url: URL, item: LineItem): true {
  const userId = url.searchParams.get("user_id");
  const results = platform
    .resultsFor(item)
    .filter((result) => userId === null || result.userId === userId)
    .map((result) => ({
      id: resultUrl(item, result.userId),
      scoreOf: item.url,
      userId: result.userId,
      ...(result.resultScore !== undefined ? { resultScore: result.resultScore } : {}),
      resultMaximum: result.resultMaximum,
      ...(result.comment !== undefined ? { comment: result.comment } : {}),
    }));
  const { page, headers } = paged(results, url, 100);
  sendJson(res, 200, page, MEDIA_TYPE.resultContainer, headers);
  return true;
}
