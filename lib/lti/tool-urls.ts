import "server-only";
import { siteUrl } from "@/lib/env";

/** The values an LMS administrator pastes into the LMS (docs/lti.md), from the site's own address (NEXTAUTH_URL). */
export function toolUrls(origin = siteUrl()) {
  const base = origin.replace(/\/+$/, "");
  return {
    /** OIDC login initiation URL ("Initiate login URL", "OpenID Connect Login URL"). */
    loginUrl: `${base}/api/lti/login`,
    /** Redirect URI(s): where the platform posts the id token. */
    redirectUri: `${base}/api/lti/launch`,
    /** The tool's public keyset URL. */
    jwksUrl: `${base}/api/lti/jwks`,
    /** Target link URI (also "Tool URL", "Launch URL"): the default launch target. */
    targetLinkUri: `${base}/api/lti/launch`,
  };
}

export type ToolUrls = ReturnType<typeof toolUrls>;
