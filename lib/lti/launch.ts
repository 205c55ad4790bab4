import "server-only";
import type { JWTVerifyGetKey } from "jose";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { loadMemberships } from "@/lib/auth/credentials";
import type { CourseRole, Membership } from "@/lib/auth/roles";
import { LtiRefusal } from "./launch-errors";
import { platformKeySet } from "./platform-keys";
import { CLOCK_TOLERANCE_SECONDS, validateIdToken } from "./validate-id-token";
import { linkUser, type LinkedUser } from "./link-user";
import { enrolFromLaunch, linkCourse } from "./link-course";
import { landLaunch } from "./landing";
import { courseRoleFromLti } from "./roles";
import { stateCookieName } from "./state-cookie";
import { agsOnLaunch } from "./ags/on-launch";

// The resource-link launch (IMS Security Framework 5.1.1.3 to 5.1.3, LTI
// Core 5): the platform posts an id token and our state to the redirect URI.
// Checked in this order, each failure an LtiRefusal with its own page:
// the state (in the form, in this browser's cookie, known and unexpired),
// the token (lib/lti/validate-id-token.ts), the deployment, and the nonce's
// single use, which an INSERT into LtiUsedNonce decides: its unique index
// makes a replay fail on whichever instance it reaches, even at the same moment.
// Then the person, their course and enrolment, and the link are looked up
// or made, and the caller signs them in.

export interface LaunchInput {
  idToken: string | null;
  state: string | null;
  /** The request's cookies, by name. */
  cookies: Record<string, string>;
}

export interface LaunchOptions {
  now?: Date;
  /** The platform's keys; jose's remote set for its JWKS URL by default. */
  keysFor?: (platform: { jwksUrl: string }) => JWTVerifyGetKey;
}

export interface LaunchResult {
  user: LinkedUser;
  memberships: Membership[];
  courseId: string;
  role: CourseRole;
  /** A path of this site to send the browser to. */
  landingPath: string;
  state: string;
}

export async function acceptLaunch(db: Db, input: LaunchInput, options: LaunchOptions = {}): Promise<LaunchResult> {
  const now = options.now ?? new Date();
  if (!input.state) throw new LtiRefusal("MISSING_STATE", "The launch came without the state of its sign-in.");
  if (!input.idToken) throw new LtiRefusal("INVALID_TOKEN", "The launch came without an id token.");
  if (input.cookies[stateCookieName(input.state)] !== input.state) {
    throw new LtiRefusal(
      "MISSING_STATE",
      "This browser did not send back the cookie Chainrule set when the sign-in started (it may block cookies inside the LMS).",
    );
  }
  const login = await db.ltiLoginState.findUnique({
    where: { state: input.state },
    include: { platform: { include: { deployments: true } } },
  });
  if (!login || login.expiresAt <= now) {
    throw new LtiRefusal("MISSING_STATE", "The sign-in this launch answers is unknown or over 10 minutes old.");
  }
  const { platform } = login;

  const claims = await validateIdToken(input.idToken, {
    issuer: platform.issuer,
    clientId: platform.clientId,
    nonce: login.nonce,
    keys: (options.keysFor ?? ((p) => platformKeySet(p.jwksUrl)))(platform),
    now,
  });
  const deployment = platform.deployments.find((d) => d.deploymentId === claims.deploymentId);
  if (!deployment) {
    throw new LtiRefusal("UNKNOWN_DEPLOYMENT", `The deployment "${claims.deploymentId}" of this LMS is not registered in Chainrule.`);
  }
  if (claims.messageType !== "LtiResourceLinkRequest") {
    throw new LtiRefusal("UNSUPPORTED_MESSAGE", "Placing Chainrule assessments from the LMS (deep linking) is not available yet.");
  }
  if (!claims.context) throw new LtiRefusal("MISSING_CLAIM", "The launch does not say which LMS course it comes from (no context claim).");

  try {
    await db.ltiUsedNonce.create({
      data: {
        platformId: platform.id,
        nonce: claims.nonce,
        expiresAt: new Date(claims.expiresAt.getTime() + CLOCK_TOLERANCE_SECONDS * 1000),
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw new LtiRefusal("REPLAYED_NONCE", "This launch has already been used.");
    throw error;
  }

  const user = await linkUser(db, platform.id, claims, now);
  const course = await linkCourse(db, platform.id, deployment.id, claims.context);
  const role = courseRoleFromLti(claims.roles);
  await enrolFromLaunch(db, user.id, course.courseId, role);
  const landingPath = await landLaunch(db, {
    platformId: platform.id,
    courseLinkId: course.courseLinkId,
    courseId: course.courseId,
    resourceLink: claims.resourceLink,
    custom: claims.custom,
    role,
  });
  await agsOnLaunch(db, platform, course.courseLinkId, claims);
  return { user, memberships: await loadMemberships(db, user.id), courseId: course.courseId, role, landingPath, state: input.state };
}
