import { z } from "zod";

// What the LTI routes accept: a platform registration (the staff API and the
// registration page) and an OIDC login initiation (/api/lti/login).

/** Hosts where plain http is accepted: traffic to them never leaves the machine (local development, the test platform). */
const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/**
 * A platform endpoint: https, or http to a loopback host. The rule is the same
 * in production, where the browser tests run a production build against a
 * platform on 127.0.0.1; anywhere else plain http would let the network forge keys.
 */
export const platformUrlSchema = z
  .string({ error: "give the address as text" })
  .trim()
  .min(1, "give the address")
  .max(2_000, "an address is at most 2000 characters")
  .superRefine((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: "custom", message: `"${value}" is not an address; give a full URL such as https://lms.example.edu/...` });
      return;
    }
    if (url.username || url.password) context.addIssue({ code: "custom", message: "an address must not carry a user name or password" });
    if (url.hash) context.addIssue({ code: "custom", message: "an address must not have a #fragment" });
    if (url.protocol === "https:") return;
    if (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname)) return;
    context.addIssue({ code: "custom", message: "the address must start with https:// (plain http only to localhost or 127.0.0.1)" });
  });

/**
 * An LMS web address that frames Chainrule (a frame-ancestors source): an
 * origin only, since CSP matches a source with a path differently from what
 * an administrator expects. https, or http to a loopback host, as for the
 * endpoints above. Stored as the URL's origin ("https://school.instructure.com").
 */
export const frameOriginSchema = z
  .string({ error: "give the LMS address as text" })
  .trim()
  .min(1, "give the LMS address, such as https://school.instructure.com")
  .max(500, "an LMS address is at most 500 characters")
  .transform((value, context) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      context.addIssue({ code: "custom", message: `"${value}" is not a web address; give one such as https://school.instructure.com` });
      return z.NEVER;
    }
    const secure = url.protocol === "https:" || (url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname));
    if (!secure) {
      context.addIssue({ code: "custom", message: `"${value}" must start with https:// (plain http only for localhost or 127.0.0.1)` });
    } else if (
      url.username ||
      url.password ||
      url.pathname !== "/" ||
      url.search ||
      url.hash ||
      value.endsWith("?") ||
      value.endsWith("#")
    ) {
      context.addIssue({
        code: "custom",
        message: `"${value}" must be the LMS's address alone, without a path, query or user name: give ${url.origin}`,
      });
    }
    return url.origin;
  });

const deploymentIdSchema = z
  .string({ error: "a deployment id is text" })
  .trim()
  .min(1, "a deployment id cannot be empty")
  .max(255, "a deployment id is at most 255 characters");

/** The body of POST /api/staff/lti/platforms and PUT /api/staff/lti/platforms/:platformId (a PUT replaces every field). */
export const platformRegistrationSchema = z.strictObject({
  name: z.string({ error: "give the name as text" }).trim().max(200, "a name is at most 200 characters").default(""),
  issuer: z
    .string({ error: "give the issuer (the platform's iss) as text" })
    .trim()
    .min(1, "give the issuer: the iss value the platform puts in its tokens")
    .max(500, "an issuer is at most 500 characters"),
  clientId: z
    .string({ error: "give the client id as text" })
    .trim()
    .min(1, "give the client id the platform gave Chainrule")
    .max(255, "a client id is at most 255 characters"),
  authLoginUrl: platformUrlSchema,
  accessTokenUrl: platformUrlSchema,
  jwksUrl: platformUrlSchema,
  deploymentIds: z
    .array(deploymentIdSchema, { error: "give the deployment ids as a list" })
    .min(1, "give at least one deployment id")
    .max(100, "at most 100 deployment ids")
    .refine((ids) => new Set(ids).size === ids.length, "a deployment id is listed twice"),
  /** LMS web addresses that frame Chainrule besides authLoginUrl's origin (hosted Canvas: the school's own site). */
  frameOrigins: z
    .array(frameOriginSchema, { error: 'give the LMS web addresses as a list, such as ["https://school.instructure.com"]' })
    // One check, guarded: zod runs an array's checks even on a value that is not an array.
    .superRefine((origins, context) => {
      if (!Array.isArray(origins)) return;
      if (origins.length > 20) context.addIssue({ code: "custom", message: "at most 20 LMS web addresses" });
      else if (new Set(origins).size !== origins.length)
        context.addIssue({ code: "custom", message: "an LMS web address is listed twice" });
    })
    .default([]),
});

export type PlatformRegistration = z.output<typeof platformRegistrationSchema>;

/** The body of POST /api/staff/lti/registration-links: the name the platform registered through the link will get. */
export const registrationLinkSchema = z.strictObject({
  name: z.string({ error: "give the name as text" }).trim().max(200, "a name is at most 200 characters").default(""),
});

/** The parameters of an OIDC third-party login initiation (IMS Security Framework 5.1.1.1), from the query or a form. */
export const loginInitiationSchema = z.object({
  iss: z.string({ error: "iss is missing" }).min(1, "iss is missing").max(500),
  login_hint: z.string({ error: "login_hint is missing" }).min(1, "login_hint is missing").max(2_000),
  target_link_uri: z.string({ error: "target_link_uri is missing" }).min(1, "target_link_uri is missing").max(2_000),
  lti_message_hint: z.string().max(4_000).optional(),
  client_id: z.string().min(1).max(255).optional(),
  lti_deployment_id: z.string().min(1).max(255).optional(),
});

export type LoginInitiation = z.output<typeof loginInitiationSchema>;

/** POST /api/lti/course-link: the pending token from an instructor's first launch, and the course to link (null: a new one). */
export const courseLinkSchema = z.object({
  pending: z.string({ error: "give the pending link from the launch" }).min(1, "give the pending link from the launch").max(8_000),
  courseId: z.string({ error: "give the id of a course you teach, or null for a new course" }).min(1).max(100).nullable(),
});

/** POST /api/lti/deep-link: the request token from a deep-linking launch, and what to place. */
export const deepLinkAnswerSchema = z.object({
  request: z
    .string({ error: "give the request from the deep-linking launch" })
    .min(1, "give the request from the deep-linking launch")
    .max(8_000),
  target: z
    .string({ error: 'give the target, "assessment:<slug>" or "problem:<assessment slug>/<problem slug>"' })
    .min(1, 'give the target, "assessment:<slug>" or "problem:<assessment slug>/<problem slug>"')
    .max(500),
});
