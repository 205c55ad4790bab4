/**
 * The test LMS: a node:http server on 127.0.0.1 with its own RS256 keys that
 * launches the tool as Canvas or Moodle does (OIDC third-party login, signed
 * id_tokens, deep linking), serves NRPS and AGS behind OAuth2 client
 * credentials, and records what the tool did so that tests can assert it.
 * Usage and the quirks modelled are in README.md.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { createRemoteJWKSet } from "jose";
import { handleDeepLinkReturn } from "./deep-linking";
import { handleGradebookPage } from "./gradebook";
import { FLAVOURS, type CourseRole, type Flavour, type FlavourProfile, type Privacy } from "./flavours";
import { page, type HtmlForm } from "./html";
import { HttpError, sendHtml, sendJson } from "./http";
import { PlatformKeys } from "./keys";
import { handleAuth, handleCoursePage, handleInitiationFrame, initiateLogin, type LoginInitiation, type PendingLogin } from "./launch";
import type {
  AuthRefusal,
  CapturedLaunch,
  DeepLinkOutcome,
  LaunchTamper,
  LineItem,
  PlatformContext,
  PlatformUser,
  ReceivedScore,
  ResourceLink,
  Result,
  ScorePost,
  ToolRegistration,
} from "./model";
import { handleOpenIdConfiguration, handleRegistration, handleRegistrationPage, registrationInitiationUrl } from "./registration";
import { handleService } from "./services";
import { handleToken, type AccessToken } from "./token";
import { ALL_SCOPES } from "./vocabulary";

export interface PlatformOptions {
  flavour: Flavour;
  /** The tool as registered; leave it out to register the tool by LTI Dynamic Registration. */
  tool?: ToolRegistration;
  /** Scopes the tool may be granted at the token endpoint; all AGS and NRPS scopes by default. */
  scopes?: string[];
  /** NRPS members per page when the tool names no `limit`. */
  membershipPageSize?: number;
  clientId?: string;
  deploymentId?: string;
  /** `aud` as the client id (Canvas, Moodle) or as a one-element array of it, which some platforms send; `azp` is always the client id. */
  audienceForm?: "string" | "array";
  /**
   * Serve the course pages (and the deep-linking return URL) on a second
   * port, `webOrigin`, as hosted Canvas serves them on the school's site
   * while its login URL lives on a shared SSO domain.
   */
  separateWebOrigin?: boolean;
}

/** A score post that holdScores kept waiting for its answer. */
export interface HeldScorePost {
  url: string;
  body: unknown;
  at: Date;
  /** The tool hung up before the hold ended (its process died mid-send): the post is dropped unanswered, its score not stored. */
  abandoned: boolean;
}

/** While set, score posts wait for `released`: the tool stays mid-send. */
export interface ScoreHold {
  released: Promise<void>;
  release: () => void;
}

export interface ScoreFailure {
  remaining: number;
  status: number;
  /** Store the score, then answer the failure: a response lost after the platform committed. */
  recordFirst: boolean;
}

export class TestPlatform {
  readonly flavour: Flavour;
  readonly profile: FlavourProfile;
  readonly origin: string;
  /** Where the course pages live: `origin`, unless started with `separateWebOrigin`. */
  readonly webOrigin: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly deploymentId: string;
  readonly authUrl: string;
  readonly tokenUrl: string;
  readonly jwksUrl: string;
  /** Scopes the token endpoint may grant (Dynamic Registration narrows them to what the tool asked for). */
  allowedScopes: string[];
  /** Whether launches and NRPS carry names and email (all by default; Dynamic Registration decides per flavour). */
  privacy: Privacy = { name: true, email: true };
  readonly membershipPageSize: number;
  readonly audienceForm: "string" | "array";

  /** Every launch form-posted to the tool, oldest first. */
  readonly launches: CapturedLaunch[] = [];
  readonly authRefusals: AuthRefusal[] = [];
  /** Accepted scores in arrival order: "none lost, none doubled, in order" is asserted on this. */
  readonly scores: ReceivedScore[] = [];
  readonly scorePosts: ScorePost[] = [];
  /** Score posts that arrived while scores were held, oldest first. */
  readonly heldScorePosts: HeldScorePost[] = [];
  readonly deepLinkOutcomes: DeepLinkOutcome[] = [];

  /** Internal state, shared with the handler modules. */
  readonly users = new Map<string, PlatformUser>();
  readonly contexts = new Map<string, PlatformContext>();
  readonly resourceLinks = new Map<string, ResourceLink>();
  readonly lineItemsById = new Map<string, LineItem>();
  readonly results = new Map<string, Result>();
  readonly pendingLogins = new Map<string, PendingLogin>();
  readonly sessions = new Map<string, string>();
  /** Moodle-style launch pages waiting to be loaded in the iframe, by key. */
  readonly initiationFrames = new Map<string, HtmlForm>();
  readonly accessTokens = new Map<string, AccessToken>();
  readonly usedAssertionIds = new Set<string>();
  readonly usedDeepLinkNonces = new Set<string>();
  /** A secret only this platform knows, for the opaque hints it hands out. */
  readonly hintSecret = randomBytes(32);
  private registration: ToolRegistration | undefined;
  private registeredToolJwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  /** Registration tokens handed out and not yet used (Dynamic Registration). */
  readonly registrationTokens = new Map<string, number>();
  /** Registrations received by Dynamic Registration, accepted or not. */
  readonly registrations: { status: number; request: unknown; response: unknown }[] = [];
  nextTamper: LaunchTamper | undefined;
  scoreFailure: ScoreFailure | undefined;
  scoreHold: ScoreHold | undefined;
  private serial = 0;

  constructor(
    private readonly server: Server,
    readonly keys: PlatformKeys,
    options: PlatformOptions,
    private readonly webServer?: Server,
  ) {
    this.flavour = options.flavour;
    this.profile = FLAVOURS[options.flavour];
    this.origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    this.webOrigin = webServer ? `http://127.0.0.1:${(webServer.address() as AddressInfo).port}` : this.origin;
    this.issuer = this.profile.issuer(this.origin);
    this.clientId = options.clientId ?? this.profile.newClientId();
    this.deploymentId = options.deploymentId ?? this.profile.newDeploymentId();
    this.authUrl = this.origin + this.profile.paths.auth;
    this.tokenUrl = this.origin + this.profile.paths.token;
    this.jwksUrl = this.origin + this.profile.paths.jwks;
    this.allowedScopes = options.scopes ?? ALL_SCOPES;
    this.membershipPageSize = options.membershipPageSize ?? 50;
    this.audienceForm = options.audienceForm ?? "string";
    if (options.tool) this.registerTool(options.tool);
  }

  get tool(): ToolRegistration {
    if (!this.registration)
      throw new HttpError(
        409,
        "no tool is registered on this platform yet: pass `tool` to startPlatform or register it by Dynamic Registration",
      );
    return this.registration;
  }

  /** The tool's JWKS, fetched when a `kid` is not known yet. */
  get toolJwks(): ReturnType<typeof createRemoteJWKSet> {
    if (!this.registeredToolJwks) throw new HttpError(409, "no tool is registered on this platform yet");
    return this.registeredToolJwks;
  }

  registerTool(tool: ToolRegistration, scopes?: string[]) {
    this.registration = tool;
    // No cooldown: a tool that rotates its key is looked up again at once.
    this.registeredToolJwks = createRemoteJWKSet(new URL(tool.jwksUrl), { cooldownDuration: 0 });
    if (scopes) this.allowedScopes = scopes;
  }

  /** The cookie that tells this platform who is signed in (cookies ignore the port, so it carries it). */
  get sessionCookieName(): string {
    return `lms_session_${new URL(this.origin).port}`;
  }

  nextSerial(): number {
    return this.serial++;
  }

  // ---- Setting up people, courses and links ----

  addUser(user: { name: string; email?: string; givenName?: string; familyName?: string }): PlatformUser {
    const serial = this.nextSerial();
    const [given, ...family] = user.name.split(" ");
    const created: PlatformUser = {
      id: String(serial + 1),
      sub: this.profile.userSub(serial),
      name: user.name,
      givenName: user.givenName ?? given,
      familyName: user.familyName ?? family.join(" "),
      email: user.email ?? `${user.name.toLowerCase().replace(/[^a-z0-9]+/g, ".")}@lms.test`,
      serial,
    };
    this.users.set(created.id, created);
    return created;
  }

  addContext(context: { label: string; title: string; id?: string }): PlatformContext {
    const created: PlatformContext = {
      id: context.id ?? this.profile.contextId(this.nextSerial()),
      label: context.label,
      title: context.title,
      members: new Map(),
    };
    this.contexts.set(created.id, created);
    return created;
  }

  enrol(context: { id: string }, user: { id: string }, role: CourseRole, status: "Active" | "Inactive" = "Active") {
    this.context(context.id).members.set(this.user(user.id).id, { role, status });
  }

  /**
   * A link in a course that launches the tool. `custom` is sent in the custom
   * claim (e.g. `{ chainrule_target: "assessment:section-07" }`); `lineItem`
   * creates its gradebook column, so the launch carries an AGS `lineitem`.
   */
  addResourceLink(link: {
    context: { id: string };
    title: string;
    custom?: Record<string, string>;
    url?: string;
    lineItem?: { scoreMaximum: number; label?: string; resourceId?: string; tag?: string };
    origin?: ResourceLink["origin"];
  }): ResourceLink {
    const created: ResourceLink = {
      id: this.profile.resourceLinkId(this.nextSerial()),
      contextId: this.context(link.context.id).id,
      title: link.title,
      custom: link.custom ?? {},
      url: link.url,
      origin: link.origin ?? "configured",
    };
    this.resourceLinks.set(created.id, created);
    if (link.lineItem)
      this.addLineItem({ context: link.context, resourceLinkId: created.id, label: link.lineItem.label ?? link.title, ...link.lineItem });
    return created;
  }

  addLineItem(item: Omit<LineItem, "id" | "url" | "contextId"> & { context: { id: string } }): LineItem {
    const { context, ...fields } = item;
    const id = String(this.nextSerial() + 1);
    const created: LineItem = {
      ...fields,
      id,
      contextId: context.id,
      url: this.profile.lineItemUrl(this.origin, context.id, id, this.deploymentId),
    };
    this.lineItemsById.set(id, created);
    return created;
  }

  lineItems(filter: { contextId?: string; resourceLinkId?: string } = {}): LineItem[] {
    return [...this.lineItemsById.values()].filter(
      (item) =>
        (!filter.contextId || item.contextId === filter.contextId) &&
        (!filter.resourceLinkId || item.resourceLinkId === filter.resourceLinkId),
    );
  }

  resultsFor(lineItem: { id: string }): Result[] {
    return [...this.results.values()].filter((result) => result.lineItemId === lineItem.id);
  }

  user(id: string): PlatformUser {
    const user = this.users.get(id);
    if (!user) throw new HttpError(404, `no user ${id} on this platform`);
    return user;
  }

  context(id: string): PlatformContext {
    const context = this.contexts.get(id);
    if (!context) throw new HttpError(404, `no course ${id} on this platform`);
    return context;
  }

  // ---- Launching ----

  /** The course page that shows the link and launches the tool in an iframe, as the LMS does. */
  coursePageUrl(args: { context: { id: string }; resourceLink: { id: string }; user: { id: string } }): string {
    return `${this.webOrigin}/course/${encodeURIComponent(args.context.id)}/link/${encodeURIComponent(args.resourceLink.id)}?user=${encodeURIComponent(args.user.id)}`;
  }

  /** The course's gradebook as a teacher of it sees it: the latest score per learner in each line item. */
  gradebookUrl(args: { context: { id: string }; user: { id: string } }): string {
    return `${this.origin}/course/${encodeURIComponent(args.context.id)}/gradebook?user=${encodeURIComponent(args.user.id)}`;
  }

  /** The page where an instructor picks content from the tool (a deep-linking request). */
  deepLinkPageUrl(args: { context: { id: string }; user: { id: string } }): string {
    return `${this.webOrigin}/course/${encodeURIComponent(args.context.id)}/deep-link?user=${encodeURIComponent(args.user.id)}`;
  }

  /**
   * Starts a launch without a browser: the login-initiation parameters to send
   * to the tool, and the platform session cookie that /auth will check.
   */
  initiateLogin(args: { context: { id: string }; user: { id: string }; resourceLink?: { id: string } }): Promise<LoginInitiation> {
    return initiateLogin(this, {
      contextId: args.context.id,
      userId: args.user.id,
      kind: args.resourceLink ? { type: "resource-link", resourceLinkId: args.resourceLink.id } : { type: "deep-linking" },
    });
  }

  // ---- Dynamic Registration ----

  /** The administrator's page that registers the tool from its registration URL (for a browser). */
  registrationPageUrl(toolRegistrationUrl: string): string {
    return `${this.origin}/admin/register?url=${encodeURIComponent(toolRegistrationUrl)}`;
  }

  /** The tool's registration URL with `openid_configuration` and a fresh one-time `registration_token`. */
  registrationInitiationUrl(toolRegistrationUrl: string): string {
    return registrationInitiationUrl(this, toolRegistrationUrl);
  }

  // ---- Attacks and failures ----

  /** Spoils the next launch initiated (wrong key, expired, wrong audience, unknown deployment, wrong nonce). */
  tamperNextLaunch(tamper: LaunchTamper) {
    this.nextTamper = tamper;
  }

  get lastLaunch(): CapturedLaunch | undefined {
    return this.launches.at(-1);
  }

  /** A new signing key with a new kid; the old one leaves the JWKS at once. */
  async rotateKeys(): Promise<string> {
    return (await this.keys.rotate()).kid;
  }

  /** The next `count` score posts (with a valid token) answer `status`; then scores are accepted again. */
  failScores(count: number, status: number, options: { recordFirst?: boolean } = {}) {
    this.scoreFailure = { remaining: count, status, recordFirst: options.recordFirst ?? false };
  }

  /** Ends failScores at once: the next score post is accepted (the platform is back). */
  recoverScores() {
    this.scoreFailure = undefined;
  }

  /**
   * Score posts get no answer until releaseScores(): the tool's sender stays
   * mid-send (its lease held), so that a test can kill it there. A post whose
   * tool hangs up meanwhile is dropped, as a request never finished.
   */
  holdScores() {
    if (this.scoreHold) return;
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    this.scoreHold = { released, release };
  }

  /** Ends holdScores: the held posts still connected are answered now (failScores applies to them), and new ones at once. */
  releaseScores() {
    const hold = this.scoreHold;
    this.scoreHold = undefined;
    hold?.release();
  }

  /** Every access token issued so far stops working (a tool must fetch a new one on 401). */
  expireAccessTokens() {
    for (const token of this.accessTokens.values()) token.expiresAt = 0;
  }

  async close(): Promise<void> {
    this.releaseScores();
    const servers = this.webServer ? [this.server, this.webServer] : [this.server];
    await Promise.all(
      servers.map(
        (server) =>
          new Promise<void>((resolve, reject) => {
            server.closeAllConnections();
            server.close((error) => (error ? reject(error) : resolve()));
          }),
      ),
    );
  }

  // ---- Routing ----

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", this.origin);
    try {
      if (req.method === "GET" && url.pathname === this.profile.paths.jwks) return sendJson(res, 200, this.keys.jwks());
      if (url.pathname === this.profile.paths.auth || url.pathname === this.profile.paths.authorize)
        return await handleAuth(this, req, res, url);
      if (url.pathname === this.profile.paths.token) return await handleToken(this, req, res);
      if (req.method === "GET" && /^\/course\/[^/]+\/(link\/[^/]+|deep-link)$/.test(url.pathname))
        return await handleCoursePage(this, res, url);
      if (req.method === "GET" && /^\/course\/[^/]+\/gradebook$/.test(url.pathname)) return handleGradebookPage(this, res, url);
      if (req.method === "GET" && url.pathname.startsWith("/initiation/")) return handleInitiationFrame(this, res, url);
      if (url.pathname === this.profile.paths.openidConfiguration) return handleOpenIdConfiguration(this, req, res);
      if (url.pathname === this.profile.paths.registration) return await handleRegistration(this, req, res);
      if (req.method === "GET" && url.pathname === "/admin/register") return handleRegistrationPage(this, res, url);
      if (this.profile.matchDeepLinkReturn(url) !== undefined) return await handleDeepLinkReturn(this, req, res, url);
      if (await handleService(this, req, res, url)) return;
      throw new HttpError(404, `no such page on the test platform: ${url.pathname}`);
    } catch (error) {
      if (res.headersSent) return void res.end();
      if (error instanceof HttpError) {
        if (error.body !== undefined) return sendJson(res, error.status, error.body, "application/json", error.headers);
        return sendHtml(res, error.status, page("Error", `<h1>${error.status}</h1><p>${error.message.replace(/</g, "&lt;")}</p>`));
      }
      sendHtml(res, 500, page("Error", `<p>${String(error).replace(/</g, "&lt;")}</p>`));
    }
  }
}

/** Starts a platform on a free port of 127.0.0.1. Close it with `platform.close()`. */
export async function startPlatform(options: PlatformOptions): Promise<TestPlatform> {
  const keys = await PlatformKeys.create();
  // The server must listen before the platform knows its origin; requests wait for it.
  const ready: { platform?: TestPlatform } = {};
  const listen = async () => {
    const server = createServer((req, res) => void ready.platform!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return server;
  };
  // The second server answers the same routes: only the origin the browser sees differs.
  ready.platform = new TestPlatform(await listen(), keys, options, options.separateWebOrigin ? await listen() : undefined);
  return ready.platform;
}
