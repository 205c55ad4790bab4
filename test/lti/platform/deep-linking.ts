/**
 * The deep-linking return URL (LTI Deep Linking 2.0 §4.2): the tool's
 * browser form-posts a `JWT` signed with the tool's key; the platform checks
 * it against the tool's JWKS and the request it answers, then places each
 * ltiResourceLink as a link in the course, with its line item if it has one.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { escapeHtml, page } from "./html";
import { readParams, sendHtml } from "./http";
import type { DeepLinkOutcome, LineItem, ResourceLink } from "./model";
import type { TestPlatform } from "./platform";
import { verifyToolJwt } from "./token";
import { CLAIM, LTI_VERSION, MESSAGE_TYPE } from "./vocabulary";

class DeepLinkRefusal extends Error {}

export async function handleDeepLinkReturn(platform: TestPlatform, req: IncomingMessage, res: ServerResponse, url: URL) {
  const contextId = platform.profile.matchDeepLinkReturn(url)!;
  const params = req.method === "POST" ? await readParams(req, url) : {};
  let outcome: DeepLinkOutcome;
  try {
    outcome = await placeContentItems(platform, contextId, params.JWT);
  } catch (error) {
    if (!(error instanceof DeepLinkRefusal)) throw error;
    outcome = { ok: false, error: error.message, contentItems: [], resourceLinks: [], lineItems: [] };
  }
  platform.deepLinkOutcomes.push(outcome);
  if (!outcome.ok)
    return sendHtml(
      res,
      400,
      page("Content not added", `<h1>Content not added</h1><p id="deep-link-error">${escapeHtml(outcome.error!)}</p>`),
    );
  const list = outcome.resourceLinks
    .map((link) => `<li data-resource-link-id="${escapeHtml(link.id)}">${escapeHtml(link.title)}</li>`)
    .join("\n");
  const message = outcome.message ? `<p id="deep-link-message">${escapeHtml(outcome.message)}</p>` : "";
  sendHtml(res, 200, page("Content added", `<h1>Content added</h1>\n${message}\n<ul id="deep-link-items">\n${list}\n</ul>`));
}

async function placeContentItems(platform: TestPlatform, contextId: string, jwt: string | undefined): Promise<DeepLinkOutcome> {
  if (!jwt) throw new DeepLinkRefusal("the response has no JWT parameter");
  const verified = await verifyToolJwt(platform, jwt, { audience: platform.issuer, requiredClaims: ["exp", "iat", "nonce"] });
  if ("refusal" in verified) throw new DeepLinkRefusal(`the response JWT does not verify (${verified.refusal})`);
  const claims = verified.payload;
  const nonce = String(claims.nonce);
  if (platform.usedDeepLinkNonces.has(nonce)) throw new DeepLinkRefusal("the response's nonce was already used");
  if (claims[CLAIM.messageType] !== MESSAGE_TYPE.deepLinkingResponse)
    throw new DeepLinkRefusal(`message_type must be ${MESSAGE_TYPE.deepLinkingResponse}, not ${JSON.stringify(claims[CLAIM.messageType])}`);
  if (claims[CLAIM.version] !== LTI_VERSION) throw new DeepLinkRefusal(`version must be ${LTI_VERSION}`);
  if (claims[CLAIM.deploymentId] !== platform.deploymentId)
    throw new DeepLinkRefusal(`deployment_id ${JSON.stringify(claims[CLAIM.deploymentId])} is not this tool's deployment`);
  // The data the platform sent must come back untouched, from a request it made for this course.
  const request = platform.launches.find(
    (launch) =>
      launch.claims[CLAIM.messageType] === MESSAGE_TYPE.deepLinkingRequest &&
      (launch.claims[CLAIM.deepLinkingSettings] as { data?: string }).data === claims[CLAIM.deepLinkingData],
  );
  if (!request || claims[CLAIM.deepLinkingData] === undefined)
    throw new DeepLinkRefusal("the data claim does not echo a deep-linking request of this platform");
  if ((request.claims[CLAIM.context] as { id: string }).id !== platform.profile.contextClaimId(contextId))
    throw new DeepLinkRefusal("the response is for another course's request");
  platform.usedDeepLinkNonces.add(nonce);

  const items = claims[CLAIM.deepLinkingContentItems] ?? [];
  if (!Array.isArray(items)) throw new DeepLinkRefusal("content_items must be an array");
  const settings = request.claims[CLAIM.deepLinkingSettings] as { accept_types: string[]; accept_multiple: boolean };
  if (!settings.accept_multiple && items.length > 1) throw new DeepLinkRefusal(`this placement accepts one item, not ${items.length}`);
  for (const item of items as Record<string, unknown>[]) {
    if (!settings.accept_types.includes(String(item?.type)))
      throw new DeepLinkRefusal(`content item type ${JSON.stringify(item?.type)} is not accepted here`);
    if (
      item.custom !== undefined &&
      (typeof item.custom !== "object" || Object.values(item.custom as object).some((v) => typeof v !== "string"))
    )
      throw new DeepLinkRefusal("a content item's custom must map names to strings");
    const lineItem = item.lineItem as Record<string, unknown> | undefined;
    if (lineItem !== undefined && (typeof lineItem.scoreMaximum !== "number" || !(lineItem.scoreMaximum > 0)))
      throw new DeepLinkRefusal("a content item's lineItem needs a scoreMaximum above 0");
  }
  // Checked everything first, so that a refused response places nothing.
  const context = platform.context(contextId);
  const resourceLinks: ResourceLink[] = [];
  const lineItems: LineItem[] = [];
  for (const item of items as Record<string, unknown>[]) {
    const lineItem = item.lineItem as { scoreMaximum: number; label?: string; resourceId?: string; tag?: string } | undefined;
    const title = typeof item.title === "string" ? item.title : "Untitled";
    const link = platform.addResourceLink({
      context,
      title,
      custom: item.custom as Record<string, string> | undefined,
      url: typeof item.url === "string" ? item.url : undefined,
      origin: "deep-linking",
      lineItem: lineItem && {
        scoreMaximum: lineItem.scoreMaximum,
        label: lineItem.label ?? title,
        resourceId: lineItem.resourceId,
        tag: lineItem.tag,
      },
    });
    resourceLinks.push(link);
    lineItems.push(...platform.lineItems({ resourceLinkId: link.id }));
  }
  const message = claims[CLAIM.deepLinkingMessage];
  return {
    ok: true,
    contentItems: items as Record<string, unknown>[],
    resourceLinks,
    lineItems,
    message: typeof message === "string" ? message : undefined,
  };
}
