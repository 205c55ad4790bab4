/** What the platform holds: people, courses, links, line items, scores, and what it saw of the tool. */
import type { CourseRole } from "./flavours";
import type { ActivityProgress, GradingProgress } from "./vocabulary";

/** The tool as registered in the LMS (a Canvas developer key, a Moodle tool type). */
export interface ToolRegistration {
  /** OIDC third-party login initiation URL. */
  loginUrl: string;
  /** The redirect URI, and the launch's default target_link_uri unless `targetLinkUri` is given. */
  launchUrl: string;
  /** The default target_link_uri of a resource-link launch. */
  targetLinkUri?: string;
  jwksUrl: string;
  /** target_link_uri of a deep-linking request; the launch URL when absent. */
  deepLinkUrl?: string;
  /** Further redirect URIs the tool may name at /auth, besides launchUrl. */
  redirectUris?: string[];
}

export interface PlatformUser {
  /** The platform's own id, used in course page URLs (`?user=`). */
  id: string;
  /** What the tool sees: the id_token's `sub` and NRPS/AGS `userId`. */
  sub: string;
  name: string;
  givenName: string;
  familyName: string;
  email: string;
  serial: number;
}

export interface Membership {
  role: CourseRole;
  status: "Active" | "Inactive";
}

export interface PlatformContext {
  id: string;
  label: string;
  title: string;
  /** By PlatformUser.id. */
  members: Map<string, Membership>;
}

export interface ResourceLink {
  id: string;
  contextId: string;
  title: string;
  custom: Record<string, string>;
  /** The launch's target_link_uri; the tool's launch URL when absent. */
  url?: string;
  /** How it came to exist: set up by a test, or placed by the tool through deep linking. */
  origin: "configured" | "deep-linking";
}

export interface LineItem {
  id: string;
  contextId: string;
  /** Its URL, which is also its `id` in the AGS JSON. */
  url: string;
  label: string;
  scoreMaximum: number;
  resourceId?: string;
  tag?: string;
  resourceLinkId?: string;
  startDateTime?: string;
  endDateTime?: string;
}

/** A score the platform accepted, in arrival order. */
export interface ReceivedScore {
  lineItemId: string;
  lineItemUrl: string;
  userId: string;
  scoreGiven?: number;
  scoreMaximum?: number;
  comment?: string;
  activityProgress: ActivityProgress;
  gradingProgress: GradingProgress;
  timestamp: string;
  receivedAt: Date;
}

/** Every POST to a scores URL that carried a valid token, accepted or not, with the status answered. */
export interface ScorePost {
  url: string;
  status: number;
  reason?: string;
  body: unknown;
  at: Date;
}

export interface Result {
  lineItemId: string;
  userId: string;
  resultScore?: number;
  resultMaximum: number;
  comment?: string;
  timestamp: Date;
}

/** A way to spoil the next launch, for the tool's refusal tests. */
export type LaunchTamper = "wrong-key" | "expired" | "wrong-audience" | "unknown-deployment" | "wrong-nonce";

/** What the platform form-posted to the tool's redirect URI: enough to replay it. */
export interface CapturedLaunch {
  redirectUri: string;
  idToken: string;
  state?: string;
  claims: Record<string, unknown>;
  tamper?: LaunchTamper;
}

/** An /auth request the platform refused, and why. */
export interface AuthRefusal {
  error: string;
  description: string;
  /** Whether the refusal was form-posted to the redirect URI (OIDC) or shown as a 400 page. */
  postedToTool: boolean;
}

export interface DeepLinkOutcome {
  ok: boolean;
  error?: string;
  contentItems: Record<string, unknown>[];
  resourceLinks: ResourceLink[];
  lineItems: LineItem[];
  message?: string;
}
