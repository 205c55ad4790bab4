import Link from "next/link";
import { redirect } from "next/navigation";
import { pageStaff, FORBIDDEN_PATH } from "@/lib/auth/page-guards";
import { getDb } from "@/lib/db/client";
import { ltiRightsOf } from "@/lib/lti/permissions";
import { listPlatforms } from "@/lib/lti/platforms";
import { toolUrls } from "@/lib/lti/tool-urls";
import { listRegistrationLinks } from "@/lib/lti/registration-links";
import { PlatformForm } from "./platform-form";
import { RegistrationLinks } from "./registration-links";

export const metadata = { title: "LMS platforms (LTI 1.3)" };
export const dynamic = "force-dynamic";

const RETURN_TO = "/author/lti";

export default async function LtiPlatformsPage() {
  const user = await pageStaff(RETURN_TO, ["INSTRUCTOR"]);
  const db = getDb();
  const registrar = await ltiRightsOf(db, user);
  if (!registrar) redirect(`${FORBIDDEN_PATH}?from=${encodeURIComponent(RETURN_TO)}`);
  const [platforms, registrationLinks] = await Promise.all([listPlatforms(db, registrar), listRegistrationLinks(db, registrar)]);
  const tool = toolUrls();
  return (
    <>
      <p className="muted">
        <Link href="/author">Authoring</Link> / LMS platforms
      </p>
      <h1>LMS platforms (LTI 1.3)</h1>
      <section className="card" aria-labelledby="tool-values">
        <h2 id="tool-values">Values to paste into the LMS</h2>
        <p>Register Chainrule in the LMS as an LTI 1.3 tool with these values (docs/lti.md has the steps for each LMS).</p>
        <dl className="tool-values">
          <dt>OIDC login initiation URL</dt>
          <dd>
            <code data-testid="tool-login-url">{tool.loginUrl}</code>
          </dd>
          <dt>Redirect URI</dt>
          <dd>
            <code data-testid="tool-redirect-uri">{tool.redirectUri}</code>
          </dd>
          <dt>Target link URI</dt>
          <dd>
            <code data-testid="tool-target-link-uri">{tool.targetLinkUri}</code>
          </dd>
          <dt>Public keyset (JWKS) URL</dt>
          <dd>
            <code data-testid="tool-jwks-url">{tool.jwksUrl}</code>
          </dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="registered">
        <h2 id="registered">{registrar.isAdmin ? "Registered platforms" : "Platforms you registered"}</h2>
        {platforms.length === 0 && <p>None yet.</p>}
        {platforms.map((platform) => (
          <details key={platform.id} className="platform">
            <summary>
              {platform.name || platform.issuer} <span className="muted">client id {platform.clientId}</span>
            </summary>
            <PlatformForm platform={platform} />
          </details>
        ))}
      </section>
      <section className="card" aria-labelledby="dynamic-registration">
        <h2 id="dynamic-registration">Register by LTI Dynamic Registration</h2>
        <p>
          Moodle and other LMSs can register Chainrule themselves: create a link here, and give it to the LMS administrator, who pastes it
          into the LMS&apos;s tool registration field. The platform then appears above.
        </p>
        <RegistrationLinks links={registrationLinks} />
      </section>
      <section className="card" aria-labelledby="register">
        <h2 id="register">Register a platform</h2>
        <p>
          Copy these from the LMS once Chainrule is set up there: its issuer, the client id it gave Chainrule, the deployment ids, and its
          URLs.
        </p>
        <PlatformForm platform={null} />
      </section>
    </>
  );
}
