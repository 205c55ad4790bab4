import "server-only";
import { randomBytes } from "node:crypto";
import { SignJWT } from "jose";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { STAFF_ROLES } from "@/lib/auth/roles";
import { readHandoff, signHandoff } from "./handoff-token";
import { parseChainruleTarget } from "./landing";
import { PlatformFormPost } from "./platform-form-post";
import { TOOL_KEY_ALGORITHM, toolSigningKey } from "./tool-keys";
import { toolUrls } from "./tool-urls";
import { LTI_CLAIM } from "./validate-id-token";

// Deep Linking 2.0 (docs/lti.md, Deep linking): a staff member's
// LtiDeepLinkingRequest lands on /lti/deep-link with a request token
// (lib/lti/handoff-token.ts) holding the settings the platform sent; there
// they pick an assessment or problem of the linked course, and the tool
// answers the platform's deep_link_return_url with an LtiDeepLinkingResponse
// JWT signed by the tool's active key (the platform verifies it against
// /api/lti/jwks). The chosen target travels as custom.chainrule_target, which
// the first launch of the placed link stores on it (lib/lti/landing.ts). The
// picker posts to /api/lti/deep-link/respond, whose page form-posts the JWT
// to the LMS (deepLinkFormPost); POST /api/lti/deep-link gives it as JSON.

const LIFETIME_SECONDS = 60 * 60;
const START_OVER = "open the LMS's “add external tool” dialog again.";
/** How long the platform may take to receive the response (DL 2.0 leaves it to the tool; a form post is immediate). */
const RESPONSE_LIFETIME_SECONDS = 5 * 60;

export interface DeepLinkRequest {
  platformId: string;
  issuer: string;
  clientId: string;
  /** The deployment_id claim's value (echoed in the response). */
  deploymentId: string;
  courseId: string;
  returnUrl: string;
  data: string | null;
}

const requestSchema = z.object({
  platformId: z.string(),
  issuer: z.string(),
  clientId: z.string(),
  deploymentId: z.string(),
  courseId: z.string(),
  returnUrl: z.string(),
  data: z.string().nullable(),
});

export function signDeepLinkRequest(userId: string, request: DeepLinkRequest, now = new Date()): Promise<string> {
  return signHandoff("lti-deep-link-request", userId, { ...request }, LIFETIME_SECONDS, now);
}

export function readDeepLinkRequest(token: string, userId: string, now = new Date()): Promise<DeepLinkRequest> {
  return readHandoff("lti-deep-link-request", token, userId, requestSchema, START_OVER, now);
}

export interface DeepLinkChoice {
  /** `assessment:<slug>` or `problem:<assessment slug>/<problem slug>`, as custom.chainrule_target. */
  target: string;
  title: string;
  kind: "assessment" | "problem";
}

/** What the course offers to place: each assessment, then each of its problems. */
export async function deepLinkChoices(db: Db, courseId: string): Promise<DeepLinkChoice[]> {
  const assessments = await db.assessment.findMany({
    where: { courseId },
    orderBy: [{ position: "asc" }, { title: "asc" }],
    select: {
      slug: true,
      title: true,
      problems: { orderBy: { position: "asc" }, select: { problem: { select: { slug: true, title: true } } } },
    },
  });
  return assessments.flatMap((assessment) => [
    { target: `assessment:${assessment.slug}`, title: assessment.title, kind: "assessment" as const },
    ...assessment.problems.map((p) => ({
      target: `problem:${assessment.slug}/${p.problem.slug}`,
      title: `${assessment.title}: ${p.problem.title}`,
      kind: "problem" as const,
    })),
  ]);
}

async function requireCourseStaff(db: Db, userId: string, courseId: string): Promise<void> {
  const enrolment = await db.enrollment.findUnique({ where: { userId_courseId: { userId, courseId } } });
  if (!enrolment || !STAFF_ROLES.includes(enrolment.role)) {
    throw new AppError("FORBIDDEN", "Only the course's instructors and TAs can place Chainrule content in the LMS.");
  }
}

/** The request a token carries, checked to be the caller's and the caller still staff of its course. */
export async function openDeepLinkRequest(db: Db, userId: string, token: string, now = new Date()): Promise<DeepLinkRequest> {
  const request = await readDeepLinkRequest(token, userId, now);
  await requireCourseStaff(db, userId, request.courseId);
  return request;
}

/**
 * The picker's answer for the browser: the signed response as a form post to
 * the return URL of the request token (signed by Chainrule at the launch,
 * from the LMS's validated id token), so that the page posting it may admit
 * that LMS origin alone (lib/lti/platform-form-post.ts).
 */
export async function deepLinkFormPost(
  db: Db,
  userId: string,
  input: { request: string; target: string },
  now = new Date(),
): Promise<PlatformFormPost> {
  const { returnUrl, jwt } = await answerDeepLink(db, userId, input, now);
  return new PlatformFormPost(returnUrl, { JWT: jwt }, "Returning to your LMS…");
}

export interface DeepLinkResponse {
  returnUrl: string;
  /** The LtiDeepLinkingResponse, to form-post as `JWT`. */
  jwt: string;
}

/** Builds and signs the response placing `target` (an assessment or problem of the request's course). */
export async function answerDeepLink(
  db: Db,
  userId: string,
  input: { request: string; target: string },
  now = new Date(),
): Promise<DeepLinkResponse> {
  const request = await openDeepLinkRequest(db, userId, input.request, now);
  const target = parseChainruleTarget(input.target);
  if (!target) throw new AppError("INVALID_INPUT", 'target: give "assessment:<slug>" or "problem:<assessment slug>/<problem slug>".');
  const assessment = await db.assessment.findUnique({
    where: { courseId_slug: { courseId: request.courseId, slug: target.assessmentSlug } },
    select: { slug: true, title: true, problems: { select: { points: true, problem: { select: { slug: true, title: true } } } } },
  });
  const placement = target.problemSlug ? assessment?.problems.find((p) => p.problem.slug === target.problemSlug) : undefined;
  if (!assessment || (target.problemSlug && !placement)) {
    throw new AppError("NOT_FOUND", `target: "${input.target}" is not an assessment or problem of this course; choose one from the list.`);
  }
  const title = placement ? `${assessment.title}: ${placement.problem.title}` : assessment.title;
  const scoreMaximum = placement ? placement.points : assessment.problems.reduce((sum, p) => sum + p.points, 0);
  const item = {
    type: "ltiResourceLink",
    title,
    url: toolUrls().targetLinkUri,
    custom: { chainrule_target: input.target.trim() },
    // A gradebook column for an assessment worth points (DL 2.0, 3.1.3); a problem alone has none of its own.
    ...(!placement && scoreMaximum > 0 ? { lineItem: { scoreMaximum, label: assessment.title, resourceId: assessment.slug } } : {}),
  };
  const key = await toolSigningKey(db, now);
  const iat = Math.floor(now.getTime() / 1000);
  const jwt = await new SignJWT({
    nonce: randomBytes(16).toString("base64url"),
    [LTI_CLAIM.messageType]: "LtiDeepLinkingResponse",
    [LTI_CLAIM.version]: "1.3.0",
    [LTI_CLAIM.deploymentId]: request.deploymentId,
    "https://purl.imsglobal.org/spec/lti-dl/claim/content_items": [item],
    ...(request.data !== null ? { "https://purl.imsglobal.org/spec/lti-dl/claim/data": request.data } : {}),
  })
    .setProtectedHeader({ alg: TOOL_KEY_ALGORITHM, kid: key.kid, typ: "JWT" })
    .setIssuer(request.clientId)
    .setAudience(request.issuer)
    .setIssuedAt(iat)
    .setExpirationTime(iat + RESPONSE_LIFETIME_SECONDS)
    .sign(key.key);
  return { returnUrl: request.returnUrl, jwt };
}
