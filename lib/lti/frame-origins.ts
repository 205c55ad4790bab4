import type { Db } from "@/lib/db/client";

// Which sites may frame Chainrule (CSP frame-ancestors): the LMSs registered
// as LTI platforms, and no other. A platform's frame origins are the origin
// of its OIDC authorization (login) URL, which is the LMS's own site for
// Moodle, Brightspace, Blackboard and a self-hosted Canvas, plus the "LMS web
// addresses" registered with it (frameOrigins): hosted Canvas answers logins
// on its shared SSO domain, while the school's own site frames the tool
// (docs/lti.md, Framing). The issuer is not used: hosted Canvas's is
// canvas.instructure.com for every school.
//
// Read by the request proxy on every page and by the LTI launch route, so
// the list is cached. The cache lives on globalThis, where the proxy and the
// route handlers of one server share it; a registration change clears it in
// that process, and other instances see it within FRAME_ORIGINS_TTL_MS. A
// framed request from an origin not in the list re-reads the table at once
// (at most once per REFRESH_FLOOR_MS), so a platform just registered on
// another instance works on its first launch.

export const FRAME_ORIGINS_TTL_MS = 60_000;
const REFRESH_FLOOR_MS = 1_000;

interface FrameOriginsCache {
  origins: string[];
  readAt: number;
}

const store = globalThis as unknown as { chainruleLtiFrameOrigins?: FrameOriginsCache };

/** The origin of a URL, or null for one that is missing, unparsable or not http(s). */
export function originOf(url: string | null): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

/**
 * A platform's frameOrigins column as a list of origins. The API stores only
 * validated origins (lib/lti/requests.ts); anything else in the JSON (a row
 * edited by hand) is skipped rather than put into a security header.
 */
export function storedFrameOrigins(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === "string" && originOf(item) === item);
}

async function readOrigins(db: Db): Promise<string[]> {
  const platforms = await db.ltiPlatform.findMany({ select: { authLoginUrl: true, frameOrigins: true } });
  const origins = platforms
    .flatMap((platform) => [originOf(platform.authLoginUrl), ...storedFrameOrigins(platform.frameOrigins)])
    .filter((origin): origin is string => origin !== null);
  return [...new Set(origins)].sort();
}

export interface FrameOriginsOptions {
  /** The origin framing this request (from its Referer), when it is framed: re-read if it is not listed. */
  framedBy?: string | null;
  now?: number;
}

/** The registered platforms' origins. On a database error, none: framing fails closed. */
export async function registeredFrameOrigins(db: Db, { framedBy, now = Date.now() }: FrameOriginsOptions = {}): Promise<string[]> {
  const cached = store.chainruleLtiFrameOrigins;
  const fresh = cached && now - cached.readAt < FRAME_ORIGINS_TTL_MS;
  const unknownFramer = cached && framedBy && !cached.origins.includes(framedBy) && now - cached.readAt >= REFRESH_FLOOR_MS;
  if (fresh && !unknownFramer) return cached.origins;
  try {
    const origins = await readOrigins(db);
    store.chainruleLtiFrameOrigins = { origins, readAt: now };
    return origins;
  } catch (error) {
    console.error("[chainrule] could not read the LTI platforms' origins; framing is refused until it can", error);
    return cached?.origins ?? [];
  }
}

/** After a registration is created, changed or deleted: the next request re-reads the list. */
export function forgetFrameOrigins(): void {
  delete store.chainruleLtiFrameOrigins;
}

/** The frame-ancestors sources for a page that registered platforms may frame: their origins, or 'none'. */
export function frameAncestorSources(origins: readonly string[]): string[] {
  return origins.length > 0 ? [...origins] : ["'none'"];
}

/**
 * The other site that framed a request, if any: browsers send the parent's
 * origin as Referer on the iframe's first navigation (later ones inside the
 * frame come from Chainrule itself, and are not counted).
 */
export function framingOrigin(request: Request): string | null {
  const destination = request.headers.get("sec-fetch-dest");
  if (destination !== "iframe" && destination !== "frame") return null;
  const referer = request.headers.get("referer");
  const origin = referer ? originOf(referer) : null;
  return origin && origin !== new URL(request.url).origin ? origin : null;
}
