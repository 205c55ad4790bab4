/**
 * What differs between the LMSs the platform imitates: issuer, identifiers,
 * endpoint paths, login-initiation parameters, extra claims, role URIs and
 * how the score service judges a late or odd score. Each quirk is listed,
 * with its source, in README.md; everything else follows the IMS specs.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { ALL_SCOPES, ROLE, SCOPE, type GradingProgress } from "./vocabulary";

export type Flavour = "canvas" | "moodle";
export type CourseRole = "learner" | "instructor" | "ta" | "admin";

/** Which personal claims launches and NRPS carry (Canvas's privacy level, Moodle's send-name and send-email settings). */
export interface Privacy {
  name: boolean;
  email: boolean;
}

export type ServiceName = "lineitems" | "lineitem" | "scores" | "results" | "memberships";
export interface ServiceRoute {
  service: ServiceName;
  contextId: string;
  lineItemId?: string;
}

export interface ScoreRules {
  /** Status for a score older than the result on record (Canvas 400, Moodle 409). */
  staleStatus: number;
  isStale(recorded: Date, incoming: Date): boolean;
  /** Status for a userId that is not a member of the course (Canvas 422, Moodle 400). */
  unknownUserStatus: number;
  /** Canvas refuses scoreGiven without scoreMaximum; Moodle takes 1 as the maximum. */
  missingMaximum: "refuse" | "default-to-1";
  /** gradingProgress values for which scoreGiven is kept; for the others the result has no score. */
  keepsScoreGivenWhen: readonly GradingProgress[];
  /** Moodle answers 400 unless the body is sent as application/vnd.ims.lis.v1.score+json. */
  strictContentType: boolean;
}

export interface FlavourProfile {
  flavour: Flavour;
  issuer(origin: string): string;
  newClientId(): string;
  newDeploymentId(): string;
  contextId(serial: number): string;
  /** The context id the tool sees in the launch and in NRPS (Canvas: an opaque hash; the URLs use the course id). */
  contextClaimId(contextId: string): string;
  userSub(serial: number): string;
  resourceLinkId(serial: number): string;
  paths: { auth: string; authorize: string; token: string; jwks: string; openidConfiguration: string; registration: string };
  productFamilyCode: string;
  /** Dynamic Registration: what the platform grants and sends for a registration request. */
  registration: {
    grantedScopes(requested: string[]): string[];
    privacy(request: Record<string, unknown>, toolConfiguration: Record<string, unknown>): Privacy;
    /** Moodle answers with the deployment id; Canvas deploys the tool later, so the first launch tells it. */
    returnsDeploymentId: boolean;
  };
  lineItemsUrl(origin: string, contextId: string, deploymentId: string): string;
  lineItemUrl(origin: string, contextId: string, lineItemId: string, deploymentId: string): string;
  membershipsUrl(origin: string, contextId: string, deploymentId: string): string;
  deepLinkReturnUrl(origin: string, contextId: string, deploymentId: string): string;
  /** The service a request addresses; `undefined` if the path is not a service path. Throws HttpError for a quirk violation. */
  matchService(url: URL, deploymentId: string): ServiceRoute | "missing-type-id" | undefined;
  matchDeepLinkReturn(url: URL): string | undefined;
  roles(role: CourseRole): string[];
  contextType: string;
  idTokenLifetimeSeconds: number;
  loginInitiationExtras(deploymentId: string): Record<string, string>;
  /** The OIDC error posted back when the signed-in user is not the one the launch was for. */
  wrongUserError: "login_required" | "access_denied";
  /** Body parameters the authentication response carries besides id_token and state. */
  authResponseExtras: Record<string, string>;
  launchClaims(args: { origin: string; userSerial: number; userSub: string; contextId: string }): Record<string, unknown>;
  acceptPresentationDocumentTargets: string[];
  acceptMultiple: boolean;
  scores: ScoreRules;
  /** What a score POST answers on success. */
  scoreAccepted(resultUrl: string): { status: number; body?: unknown };
}

/** Inserts `/suffix` into a line item URL before its query string (Moodle's carry `?type_id=`). */
export function lineItemSubUrl(lineItemUrl: string, suffix: "scores" | "results"): string {
  const url = new URL(lineItemUrl);
  url.pathname = `${url.pathname}/${suffix}`;
  return url.toString();
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");
const alphanumeric = (length: number) => {
  const letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  return Array.from(randomBytes(length), (b) => letters[b % letters.length]).join("");
};

function match(pattern: RegExp, pathname: string): string[] | undefined {
  const found = pattern.exec(pathname);
  return found ? found.slice(1).map(decodeURIComponent) : undefined;
}

/**
 * Canvas numbers its developer keys (the client ids) in sequence. Every
 * Canvas double shares the one issuer, so two of one test run must never
 * get the same key: a random pick among a few thousand did, now and then,
 * and a test then found its platform already registered.
 */
let canvasDeveloperKeys = Math.floor(Math.random() * 9000) + 1000;

const canvas: FlavourProfile = {
  flavour: "canvas",
  // Hosted Canvas signs every launch as https://canvas.instructure.com whatever the school's domain.
  issuer: () => "https://canvas.instructure.com",
  newClientId: () => `1000000000${canvasDeveloperKeys++}`,
  newDeploymentId: () => `${Math.floor(Math.random() * 900) + 100}:${hex(20)}`,
  contextId: (serial) => String(serial + 1000),
  contextClaimId: (contextId) => createHash("sha1").update(`course-${contextId}`).digest("hex"),
  // Canvas's `sub` is the user's opaque LTI id (a UUID), not its numeric id (JwtMessage: `lookup_lti_id`).
  userSub: () => randomUUID(),
  resourceLinkId: () => randomUUID(),
  paths: {
    auth: "/api/lti/authorize_redirect",
    authorize: "/api/lti/authorize",
    token: "/login/oauth2/token",
    jwks: "/api/lti/security/jwks",
    openidConfiguration: "/api/lti/security/openid-configuration",
    registration: "/api/lti/registrations",
  },
  productFamilyCode: "canvas",
  registration: {
    // The administrator may narrow them afterwards; the platform grants what was asked.
    grantedScopes: (requested) => requested.filter((scope) => ALL_SCOPES.includes(scope)),
    // Canvas's privacy level defaults to anonymous: no name, no email.
    privacy(_request, configuration) {
      const level = configuration["https://canvas.instructure.com/lti/privacy_level"] ?? "anonymous";
      return { name: level === "public" || level === "name_only", email: level === "public" || level === "email_only" };
    },
    returnsDeploymentId: false,
  },
  lineItemsUrl: (origin, contextId) => `${origin}/api/lti/courses/${contextId}/line_items`,
  lineItemUrl: (origin, contextId, lineItemId) => `${origin}/api/lti/courses/${contextId}/line_items/${lineItemId}`,
  membershipsUrl: (origin, contextId) => `${origin}/api/lti/courses/${contextId}/names_and_roles`,
  deepLinkReturnUrl: (origin, contextId) => `${origin}/courses/${contextId}/deep_linking_response`,
  matchService(url) {
    const p = url.pathname;
    let m: string[] | undefined;
    if ((m = match(/^\/api\/lti\/courses\/([^/]+)\/line_items$/, p))) return { service: "lineitems", contextId: m[0] };
    if ((m = match(/^\/api\/lti\/courses\/([^/]+)\/line_items\/([^/]+)$/, p)))
      return { service: "lineitem", contextId: m[0], lineItemId: m[1] };
    if ((m = match(/^\/api\/lti\/courses\/([^/]+)\/line_items\/([^/]+)\/scores$/, p)))
      return { service: "scores", contextId: m[0], lineItemId: m[1] };
    if ((m = match(/^\/api\/lti\/courses\/([^/]+)\/line_items\/([^/]+)\/results$/, p)))
      return { service: "results", contextId: m[0], lineItemId: m[1] };
    if ((m = match(/^\/api\/lti\/courses\/([^/]+)\/names_and_roles$/, p))) return { service: "memberships", contextId: m[0] };
    return undefined;
  },
  matchDeepLinkReturn: (url) => match(/^\/courses\/([^/]+)\/deep_linking_response$/, url.pathname)?.[0],
  roles(role) {
    switch (role) {
      case "learner":
        return [ROLE.institutionStudent, ROLE.learner, ROLE.systemUser];
      case "instructor":
        return [ROLE.institutionInstructor, ROLE.instructor, ROLE.systemUser];
      // Canvas sends its own spelling of the sub-role, with the principal role beside it.
      case "ta":
        return [ROLE.institutionInstructor, ROLE.canvasTeachingAssistant, ROLE.instructor, ROLE.systemUser];
      case "admin":
        return [ROLE.institutionAdministrator, ROLE.instructor, ROLE.systemUser];
    }
  },
  contextType: "http://purl.imsglobal.org/vocab/lis/v2/course#CourseOffering",
  idTokenLifetimeSeconds: 3600,
  loginInitiationExtras: (deploymentId) => ({
    deployment_id: deploymentId,
    lti_deployment_id: deploymentId,
    canvas_region: "us-east-1",
    canvas_environment: "prod",
    lti_storage_target: "post_message_forwarding",
  }),
  wrongUserError: "login_required",
  authResponseExtras: { lti_storage_target: "post_message_forwarding" },
  launchClaims: ({ origin, userSerial, contextId }) => ({
    "https://purl.imsglobal.org/spec/lti/claim/tool_platform": {
      guid: "test-platform:canvas",
      name: "Chainrule test Canvas",
      version: "cloud",
      product_family_code: "canvas",
    },
    "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {
      document_target: "iframe",
      return_url: `${origin}/courses/${contextId}/external_content/success/external_tool_redirect`,
      locale: "en",
      height: 400,
      width: 800,
    },
    "https://purl.imsglobal.org/spec/lti/claim/lti11_legacy_user_id": createHash("sha1").update(`user-${userSerial}`).digest("hex"),
    "https://purl.imsglobal.org/spec/lti/claim/lis": { person_sourcedid: null, course_offering_sourcedid: null },
    locale: "en",
    errors: { errors: {} },
  }),
  acceptPresentationDocumentTargets: ["iframe", "window"],
  acceptMultiple: false,
  scores: {
    staleStatus: 400,
    // Canvas refuses only a strictly earlier timestamp (Lti::IMS::ScoresController#verify_valid_timestamp).
    isStale: (recorded, incoming) => incoming.getTime() < recorded.getTime(),
    unknownUserStatus: 422,
    missingMaximum: "refuse",
    keepsScoreGivenWhen: ["FullyGraded", "PendingManual"],
    strictContentType: false,
  },
  scoreAccepted: (resultUrl) => ({ status: 200, body: { resultUrl } }),
};

const moodle: FlavourProfile = {
  flavour: "moodle",
  // Moodle's issuer is its site URL.
  issuer: (origin) => origin,
  newClientId: () => alphanumeric(15),
  // Moodle's deployment id is the tool type's numeric id.
  newDeploymentId: () => String(Math.floor(Math.random() * 20) + 1),
  contextId: (serial) => String(serial + 2),
  contextClaimId: (contextId) => contextId,
  userSub: (serial) => String(serial + 2),
  resourceLinkId: (serial) => String(serial + 1),
  paths: {
    auth: "/mod/lti/auth.php",
    authorize: "/mod/lti/auth.php",
    token: "/mod/lti/token.php",
    jwks: "/mod/lti/certs.php",
    openidConfiguration: "/mod/lti/openid-configuration.php",
    registration: "/mod/lti/openid-registration.php",
  },
  productFamilyCode: "moodle",
  registration: {
    // Any grade scope switches grade sync on, which grants score, result and line item reading together.
    grantedScopes(requested) {
      const granted: string[] = [];
      if ([SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly, SCOPE.lineItem].some((scope) => requested.includes(scope)))
        granted.push(SCOPE.score, SCOPE.resultReadonly, SCOPE.lineItemReadonly);
      if (requested.includes(SCOPE.lineItem)) granted.push(SCOPE.lineItem);
      if (requested.includes(SCOPE.membershipReadonly)) granted.push(SCOPE.membershipReadonly);
      return granted;
    },
    // Names and email go only if the tool lists those claims.
    privacy(_request, configuration) {
      const claims = Array.isArray(configuration.claims) ? (configuration.claims as unknown[]) : [];
      return { name: ["name", "given_name", "family_name"].some((claim) => claims.includes(claim)), email: claims.includes("email") };
    },
    returnsDeploymentId: true,
  },
  lineItemsUrl: (origin, contextId, deploymentId) => `${origin}/mod/lti/services.php/${contextId}/lineitems?type_id=${deploymentId}`,
  lineItemUrl: (origin, contextId, lineItemId, deploymentId) =>
    `${origin}/mod/lti/services.php/${contextId}/lineitems/${lineItemId}/lineitem?type_id=${deploymentId}`,
  membershipsUrl: (origin, contextId, deploymentId) =>
    `${origin}/mod/lti/services.php/CourseSection/${contextId}/bindings/${deploymentId}/memberships`,
  deepLinkReturnUrl: (origin, contextId, deploymentId) => `${origin}/mod/lti/contentitem_return.php?course=${contextId}&id=${deploymentId}`,
  matchService(url, deploymentId) {
    const p = url.pathname;
    let m: string[] | undefined;
    if ((m = match(/^\/mod\/lti\/services\.php\/CourseSection\/([^/]+)\/bindings\/([^/]+)\/memberships$/, p)))
      return m[1] === deploymentId ? { service: "memberships", contextId: m[0] } : undefined;
    let route: ServiceRoute | undefined;
    if ((m = match(/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems$/, p))) route = { service: "lineitems", contextId: m[0] };
    else if ((m = match(/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems\/([^/]+)\/lineitem$/, p)))
      route = { service: "lineitem", contextId: m[0], lineItemId: m[1] };
    else if ((m = match(/^\/mod\/lti\/services\.php\/([^/]+)\/lineitems\/([^/]+)\/lineitem\/(scores|results)$/, p)))
      route = { service: m[2] as "scores" | "results", contextId: m[0], lineItemId: m[1] };
    if (!route) return undefined;
    // Without ?type_id= Moodle takes the call for an LTI 2 tool proxy and refuses it.
    return url.searchParams.get("type_id") === deploymentId ? route : "missing-type-id";
  },
  matchDeepLinkReturn: (url) =>
    url.pathname === "/mod/lti/contentitem_return.php" ? (url.searchParams.get("course") ?? undefined) : undefined,
  roles(role) {
    switch (role) {
      case "learner":
        return [ROLE.learner];
      // Moodle sends Instructor to anyone with mod/lti:manage, which non-editing teachers have; it has no TA role.
      case "ta":
      case "instructor":
        return [ROLE.instructor];
      case "admin":
        return [ROLE.instructor, ROLE.institutionAdministrator, ROLE.systemAdministrator];
    }
  },
  contextType: "http://purl.imsglobal.org/vocab/lis/v2/course#CourseSection",
  idTokenLifetimeSeconds: 60,
  loginInitiationExtras: (deploymentId) => ({ lti_deployment_id: deploymentId }),
  wrongUserError: "access_denied",
  authResponseExtras: {},
  launchClaims: ({ origin, userSub, contextId }) => ({
    "https://purl.imsglobal.org/spec/lti/claim/tool_platform": {
      product_family_code: "moodle",
      version: "2024042200",
      guid: new URL(origin).host,
      name: "Chainrule test Moodle",
      description: "Chainrule test Moodle",
    },
    "https://purl.imsglobal.org/spec/lti/claim/launch_presentation": {
      locale: "en",
      document_target: "iframe",
      return_url: `${origin}/mod/lti/return.php?course=${contextId}&launch_container=3`,
    },
    "https://purl.imsglobal.org/spec/lti/claim/lis": { person_sourcedid: "", course_section_sourcedid: "" },
    "https://purl.imsglobal.org/spec/lti/claim/ext": { user_username: `user${userSub}`, lms: "moodle-2" },
  }),
  acceptPresentationDocumentTargets: ["frame", "iframe", "window"],
  acceptMultiple: true,
  scores: {
    staleStatus: 409,
    // Moodle stores whole seconds and refuses a timestamp not later than the grade's (scores.php).
    isStale: (recorded, incoming) => Math.floor(incoming.getTime() / 1000) <= Math.floor(recorded.getTime() / 1000),
    unknownUserStatus: 400,
    missingMaximum: "default-to-1",
    keepsScoreGivenWhen: ["FullyGraded"],
    strictContentType: true,
  },
  scoreAccepted: () => ({ status: 200 }),
};

export const FLAVOURS: Record<Flavour, FlavourProfile> = { canvas, moodle };
