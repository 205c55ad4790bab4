import "server-only";
import type { JWTVerifyGetKey } from "jose";
import type { Db } from "@/lib/db/client";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { loadMemberships } from "@/lib/auth/credentials";
import { isStaffRole, type CourseRole, type Membership } from "@/lib/auth/roles";
import { LtiRefusal } from "./launch-errors";
import { platformKeySet } from "./platform-keys";
import { CLOCK_TOLERANCE_SECONDS, validateIdToken } from "./validate-id-token";
import { linkUser, type LinkedUser } from "./link-user";
import { enrolFromLaunch, findCourseLink } from "./link-course";
import { signPendingCourseLink } from "./pending-course-link";
import { signDeepLinkRequest } from "./deep-linking";
import { landLaunch } from "./landing";
import { courseRoleFromLti } from "./roles";
import { stateCookieName } from "./state-cookie";
import { agsOnLaunch } from "./ags/on-launch";
import { recordContextMembership } from "./context-membership";

// The resource-link launch (IMS Security Framework 5.1.1.3 to 5.1.3, LTI
// Core 5): the platform posts an id token and our state to the redirect URI.
// Checked in this order, each failure an LtiRefusal with its own page:
// the state (in the form, in this browser's cookie, known and unexpired),
// the token (lib/lti/validate-id-token.ts), the deployment, and the nonce's
// single use, which an INSERT into LtiUsedNonce decides: its unique index
// makes a replay fail on whichever instance it reaches, even at the same moment.
// Then the person, their course and enrolment, and the link are looked up
// or made, and the caller signs them in. A context no one has linked yet is
// linked by an instructor (lib/lti/pending-course-link.ts); anyone else is
// told their instructor has not set it up.

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
  /** null when an instructor launched from an LMS course not linked yet: landingPath is the linking page. */
  courseId: string | null;
  role: CourseRole;
  /** A path of this site to send the browser to. */
  landingPath: string;
  state: string;
  /** The launch carried an NRPS claim for a linked course: the caller may sync its roster after answering. */
  roster?: { courseLinkId: string; contextMembershipsUrl: string };
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

  const role = courseRoleFromLti(claims.roles);
  if (claims.messageType === "LtiDeepLinkingRequest" && !isStaffRole(role)) {
    throw new LtiRefusal("DEEP_LINKING_NOT_ALLOWED", "Only the course's instructors and TAs can place Chainrule content in the LMS.");
  }
  const courseKey = { platformId: platform.id, deploymentId: deployment.id, contextId: claims.context.id };
  const course = await findCourseLink(db, courseKey, claims.context);
  if (!course && role !== "INSTRUCTOR") {
    throw new LtiRefusal(
      "COURSE_NOT_LINKED",
      `Your instructor has not set up Chainrule for "${claims.context.title || claims.context.label || "this LMS course"}" yet.`,
    );
  }
  const user = await linkUser(db, platform.id, claims, now);
  if (!course) {
    const pending = await signPendingCourseLink(
      { userId: user.id, key: courseKey, context: claims.context, resourceLink: claims.resourceLink, custom: claims.custom },
      now,
    );
    const landingPath = `/lti/link-course?pending=${encodeURIComponent(pending)}`;
    return { user, memberships: await loadMemberships(db, user.id), courseId: null, role, landingPath, state: input.state };
  }
  await enrolFromLaunch(db, user.id, course.courseId, role);
  await recordContextMembership(db, { userId: user.id, courseLinkId: course.courseLinkId, source: "launch", now });
  const memberships = await loadMemberships(db, user.id);
  const roster = claims.nrps ? { courseLinkId: course.courseLinkId, contextMembershipsUrl: claims.nrps.contextMembershipsUrl } : undefined;
  if (claims.deepLinking) {
    const request = await signDeepLinkRequest(
      user.id,
      {
        platformId: platform.id,
        issuer: platform.issuer,
        clientId: platform.clientId,
        deploymentId: claims.deploymentId,
        courseId: course.courseId,
        returnUrl: claims.deepLinking.returnUrl,
        data: claims.deepLinking.data,
      },
      now,
    );
    const landingPath = `/lti/deep-link?request=${encodeURIComponent(request)}`;
    return { user, memberships, courseId: course.courseId, role, landingPath, state: input.state, roster };
  }
  const landingPath = await landLaunch(db, {
    platformId: platform.id,
    courseLinkId: course.courseLinkId,
    courseId: course.courseId,
    resourceLink: claims.resourceLink,
    custom: claims.custom,
    role,
  });
  await agsOnLaunch(db, platform, course.courseLinkId, claims);
  return { user, memberships, courseId: course.courseId, role, landingPath, state: input.state, roster };
}
