// Why a login initiation or a launch was refused. Each code has an HTTP
// status (always 4xx: the request is refused, nothing was signed in) and a
// sentence for the LMS administrator, because the person who sees the page
// is a student or instructor who can only pass it on (lib/lti/error-page.ts).

export const LTI_REFUSALS = {
  INVALID_REQUEST: { status: 400, advice: "The LMS sent an incomplete LTI request. Check that Chainrule is set up as an LTI 1.3 tool." },
  UNKNOWN_PLATFORM: {
    status: 400,
    advice:
      "Register this LMS in Chainrule (issuer, client id, deployment ids and its URLs) exactly as the LMS shows them, or correct the registration.",
  },
  AMBIGUOUS_PLATFORM: {
    status: 400,
    advice: "This issuer is registered in Chainrule more than once: make the LMS send client_id with its login initiation.",
  },
  MISSING_STATE: {
    status: 400,
    advice:
      "The browser did not bring back the sign-in cookie, or the sign-in was started over 10 minutes ago. Let the student try again; if it keeps happening, set the tool to open in a new window.",
  },
  INVALID_TOKEN: {
    status: 400,
    advice: "The LMS sent an id token that is not a signed JWT. Check the tool's redirect URI and LTI version (1.3).",
  },
  BAD_SIGNATURE: {
    status: 401,
    advice: "The id token's signature does not match the LMS's public keys. Check the JWKS URL in Chainrule's registration of this LMS.",
  },
  UNKNOWN_KEY: {
    status: 401,
    advice:
      "The id token was signed with a key the LMS's JWKS URL does not list, even after fetching it again. Check the JWKS URL in the registration.",
  },
  JWKS_UNAVAILABLE: {
    status: 401,
    advice:
      "Chainrule could not fetch the LMS's public keys from the JWKS URL in its registration. Check that address is right and reachable.",
  },
  EXPIRED: { status: 401, advice: "The id token had expired or was issued in the future. Check the LMS server's clock." },
  WRONG_ISSUER: {
    status: 401,
    advice: "The id token names another issuer than the one the sign-in started with. Check the issuer in the registration.",
  },
  WRONG_AUDIENCE: {
    status: 401,
    advice:
      "The id token is addressed to another client id. Check that the client id in Chainrule's registration is the one the LMS gave the tool.",
  },
  NONCE_MISMATCH: { status: 401, advice: "The id token does not answer this sign-in (its nonce differs). Let the student launch again." },
  REPLAYED_NONCE: {
    status: 401,
    advice: "This launch was already used once; a launch works only once. Let the student open the link again from the LMS.",
  },
  UNKNOWN_DEPLOYMENT: {
    status: 403,
    advice: "Add this deployment id to Chainrule's registration of the LMS (or remove the deployment in the LMS).",
  },
  UNSUPPORTED_MESSAGE: { status: 400, advice: "Chainrule accepts LTI 1.3.0 resource-link and deep-linking launches only." },
  COURSE_NOT_LINKED: {
    status: 409,
    advice:
      "An instructor of this LMS course must open a Chainrule link from it once and link it to a Chainrule course; students can then launch (docs/lti.md, Linking an LMS course).",
  },
  DEEP_LINKING_NOT_ALLOWED: {
    status: 403,
    advice:
      "Only instructors and TAs can add Chainrule content to the LMS course; a student saw the LMS's content picker, which should not happen.",
  },
  MISSING_CLAIM: {
    status: 400,
    advice: "The LMS left out a claim LTI 1.3 requires. Check the tool's privacy settings in the LMS (it must send the user's id).",
  },
  // LTI Dynamic Registration (lib/lti/dynamic-registration.ts): the page is seen by the LMS administrator.
  REGISTRATION_LINK_INVALID: {
    status: 410,
    advice:
      "Ask Chainrule's administrator for a new registration link (LMS platforms page, /author/lti) and paste it into the LMS: a link works once, for 24 hours.",
  },
  PLATFORM_CONFIGURATION_UNREACHABLE: {
    status: 502,
    advice:
      "Check that the LMS is reachable from Chainrule's server and that the registration was started from the LMS, then start it again.",
  },
  PLATFORM_CONFIGURATION_INVALID: {
    status: 502,
    advice: "The LMS's OpenID configuration lacks what LTI 1.3 needs (named above). Check the LMS's LTI settings, or register it by hand.",
  },
  ISSUER_MISMATCH: {
    status: 400,
    advice:
      "The LMS's issuer must be the start of its OpenID configuration address. Start the registration from the LMS's own address, or register it by hand.",
  },
  REGISTRATION_REFUSED: {
    status: 502,
    advice: "The LMS refused Chainrule's registration for the reason above. Nothing was stored in Chainrule; start the registration again.",
  },
  PLATFORM_ALREADY_REGISTERED: {
    status: 409,
    advice:
      "This LMS already has Chainrule registered with that client id: remove the new tool in the LMS, or delete the old registration in Chainrule first.",
  },
} as const satisfies Record<string, { status: number; advice: string }>;

export type LtiRefusalCode = keyof typeof LTI_REFUSALS;

export class LtiRefusal extends Error {
  readonly code: LtiRefusalCode;

  /** `message` says what was wrong, in a sentence the person who launched can read. */
  constructor(code: LtiRefusalCode, message: string) {
    super(message);
    this.name = "LtiRefusal";
    this.code = code;
  }

  get status(): number {
    return LTI_REFUSALS[this.code].status;
  }

  get advice(): string {
    return LTI_REFUSALS[this.code].advice;
  }
}
