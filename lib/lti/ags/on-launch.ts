import "server-only";
import type { Db } from "@/lib/db/client";
import type { LaunchClaims } from "../validate-id-token";
import type { TokenPlatform } from "../access-token";
import { ensureLaunchLineItem } from "./line-items";

/**
 * What a launch does for Assignment and Grade Services: makes sure the
 * launched assessment has its line item. A platform whose AGS fails must not
 * keep the student out, so a failure is logged and the next launch tries again.
 */
export async function agsOnLaunch(db: Db, platform: TokenPlatform, courseLinkId: string, claims: LaunchClaims): Promise<void> {
  if (!claims.ags || !claims.resourceLink) return;
  try {
    await ensureLaunchLineItem(db, { platform, courseLinkId, resourceLinkId: claims.resourceLink.id, ags: claims.ags });
  } catch (error) {
    console.error(`LTI launch: the line item of resource link ${claims.resourceLink.id} could not be made sure of:`, error);
  }
}
