// A small LMS stand-in for the LTI tests: RS256 keys made with jose, a JWKS
// served over real HTTP on a free port, and id tokens signed the way a
// platform signs a resource-link launch. Its key can be rotated (a new kid
// replaces the old one in the JWKS). Its /auth answers an OIDC
// authentication request as a platform does: a page that posts the signed
// launch (with `nextLaunch`'s claims) to the redirect URI. The full test platform, which initiates
// logins and posts launches the way Canvas and Moodle do, is test/lti/platform/.
import { createServer, type Server } from "node:http";
import { randomUUID } from "node:crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWK, type KeyLike } from "jose";

export const LTI_ROLE = {
  learner: "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner",
  instructor: "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor",
  teachingAssistant: "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant",
  institutionAdministrator: "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator",
} as const;

interface SigningKey {
  kid: string;
  privateKey: KeyLike;
  publicJwk: JWK;
}

async function newKey(): Promise<SigningKey> {
  const { publicKey, privateKey } = await generateKeyPair("RS256");
  const kid = randomUUID();
  return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" } };
}

export interface LaunchTokenOptions {
  nonce: string;
  sub?: string;
  deploymentId?: string;
  contextId?: string;
  resourceLinkId?: string;
  roles?: string[];
  email?: string;
  name?: string;
  custom?: Record<string, string>;
  /** Claims to add, replace, or (undefined) remove. */
  override?: Record<string, unknown>;
  /** Seconds from now. */
  expiresIn?: number;
  issuedAt?: number;
  /** Sign with a key the JWKS does not publish, under the published kid (a forged signature). */
  forgeWith?: KeyLike;
  kid?: string;
}

export class LtiSigner {
  readonly issuer: string;
  readonly clientId = "chainrule-client";
  readonly deploymentId = "deployment-1";
  /** JWKS fetches served, to see the tool's cache at work. */
  jwksFetches = 0;
  /** What /auth signs into the next launch it answers (the login's nonce is added). */
  nextLaunch: Omit<LaunchTokenOptions, "nonce"> = {};
  private keys: SigningKey[] = [];
  private server?: Server;
  private port = 0;

  constructor(issuer = "https://lms.example.edu") {
    this.issuer = issuer;
  }

  get jwksUrl(): string {
    return `http://127.0.0.1:${this.port}/jwks`;
  }

  get currentKid(): string {
    return this.keys[this.keys.length - 1].kid;
  }

  async start(): Promise<this> {
    this.keys = [await newKey()];
    this.server = createServer((request, response) => {
      const url = new URL(request.url ?? "/", "http://127.0.0.1");
      if (url.pathname === "/jwks") {
        this.jwksFetches++;
        response.writeHead(200, { "content-type": "application/json" });
        response.end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
      } else if (url.pathname === "/auth") {
        void this.answerAuthentication(url.searchParams).then((html) => {
          response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
          response.end(html);
        });
      } else {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    this.port = (this.server.address() as { port: number }).port;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** The page a platform answers an authentication request with: the launch, posted to the redirect URI at once. */
  private async answerAuthentication(query: URLSearchParams): Promise<string> {
    const idToken = await this.sign({ ...this.nextLaunch, nonce: query.get("nonce") ?? "" });
    const escape = (text: string) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
    return `<!doctype html><html><body onload="document.forms[0].submit()">
<form method="post" action="${escape(query.get("redirect_uri") ?? "")}">
<input type="hidden" name="id_token" value="${escape(idToken)}"><input type="hidden" name="state" value="${escape(query.get("state") ?? "")}">
</form></body></html>`;
  }

  /** Replaces the signing key: the JWKS then lists only the new kid. */
  async rotate(): Promise<string> {
    this.keys = [await newKey()];
    return this.currentKid;
  }

  registration() {
    return {
      name: "Test LMS",
      issuer: this.issuer,
      clientId: this.clientId,
      authLoginUrl: `http://127.0.0.1:${this.port}/auth`,
      accessTokenUrl: `http://127.0.0.1:${this.port}/token`,
      jwksUrl: this.jwksUrl,
      deploymentIds: [this.deploymentId],
    };
  }

  claims(options: LaunchTokenOptions): Record<string, unknown> {
    const claims: Record<string, unknown> = {
      iss: this.issuer,
      aud: this.clientId,
      azp: this.clientId,
      sub: options.sub ?? "student-1",
      nonce: options.nonce,
      name: options.name ?? "Ada Lovelace",
      given_name: "Ada",
      family_name: "Lovelace",
      email: options.email ?? "ada@lms.example.edu",
      "https://purl.imsglobal.org/spec/lti/claim/message_type": "LtiResourceLinkRequest",
      "https://purl.imsglobal.org/spec/lti/claim/version": "1.3.0",
      "https://purl.imsglobal.org/spec/lti/claim/deployment_id": options.deploymentId ?? this.deploymentId,
      "https://purl.imsglobal.org/spec/lti/claim/target_link_uri": "http://127.0.0.1/api/lti/launch",
      "https://purl.imsglobal.org/spec/lti/claim/resource_link": { id: options.resourceLinkId ?? "link-1", title: "Week 7 problems" },
      "https://purl.imsglobal.org/spec/lti/claim/roles": options.roles ?? [LTI_ROLE.learner],
      "https://purl.imsglobal.org/spec/lti/claim/context": {
        id: options.contextId ?? "context-1",
        label: "DL101",
        title: "Deep Learning 101",
        type: ["http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering"],
      },
      "https://purl.imsglobal.org/spec/lti/claim/custom": options.custom ?? {},
    };
    for (const [name, value] of Object.entries(options.override ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return claims;
  }

  async sign(options: LaunchTokenOptions): Promise<string> {
    const key = this.keys[this.keys.length - 1];
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT(this.claims(options))
      .setProtectedHeader({ alg: "RS256", kid: options.kid ?? key.kid, typ: "JWT" })
      .setIssuedAt(options.issuedAt ?? now)
      .setExpirationTime(now + (options.expiresIn ?? 300))
      .sign(options.forgeWith ?? key.privateKey);
  }
}

/** A private key nobody published: signs forged tokens. */
export async function strangerKey(): Promise<KeyLike> {
  return (await generateKeyPair("RS256")).privateKey;
}
