/** The IMS names the platform speaks: claim URIs, message types, roles, scopes and media types. */

export const LTI_CLAIM = "https://purl.imsglobal.org/spec/lti/claim/";
export const CLAIM = {
  messageType: `${LTI_CLAIM}message_type`,
  version: `${LTI_CLAIM}version`,
  deploymentId: `${LTI_CLAIM}deployment_id`,
  targetLinkUri: `${LTI_CLAIM}target_link_uri`,
  resourceLink: `${LTI_CLAIM}resource_link`,
  roles: `${LTI_CLAIM}roles`,
  context: `${LTI_CLAIM}context`,
  custom: `${LTI_CLAIM}custom`,
  toolPlatform: `${LTI_CLAIM}tool_platform`,
  launchPresentation: `${LTI_CLAIM}launch_presentation`,
  lis: `${LTI_CLAIM}lis`,
  lti11LegacyUserId: `${LTI_CLAIM}lti11_legacy_user_id`,
  lti1p1: `${LTI_CLAIM}lti1p1`,
  ags: "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint",
  nrps: "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice",
  deepLinkingSettings: "https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings",
  deepLinkingData: "https://purl.imsglobal.org/spec/lti-dl/claim/data",
  deepLinkingContentItems: "https://purl.imsglobal.org/spec/lti-dl/claim/content_items",
  deepLinkingMessage: "https://purl.imsglobal.org/spec/lti-dl/claim/msg",
  deepLinkingError: "https://purl.imsglobal.org/spec/lti-dl/claim/errormsg",
} as const;

export const MESSAGE_TYPE = {
  resourceLink: "LtiResourceLinkRequest",
  deepLinkingRequest: "LtiDeepLinkingRequest",
  deepLinkingResponse: "LtiDeepLinkingResponse",
} as const;

export const LTI_VERSION = "1.3.0";

export const SCOPE = {
  lineItem: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
  lineItemReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
  resultReadonly: "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
  score: "https://purl.imsglobal.org/spec/lti-ags/scope/score",
  membershipReadonly: "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly",
} as const;
export const AGS_SCOPES: string[] = [SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.resultReadonly, SCOPE.score];
export const ALL_SCOPES: string[] = [...AGS_SCOPES, SCOPE.membershipReadonly];

export const MEDIA_TYPE = {
  lineItem: "application/vnd.ims.lis.v2.lineitem+json",
  lineItemContainer: "application/vnd.ims.lis.v2.lineitemcontainer+json",
  score: "application/vnd.ims.lis.v1.score+json",
  resultContainer: "application/vnd.ims.lis.v2.resultcontainer+json",
  membershipContainer: "application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
} as const;

const LIS = "http://purl.imsglobal.org/vocab/lis/v2/";
export const ROLE = {
  learner: `${LIS}membership#Learner`,
  instructor: `${LIS}membership#Instructor`,
  teachingAssistant: `${LIS}membership/Instructor#TeachingAssistant`,
  /** Canvas spells the TA sub-role with a lower-case "instructor" (Lti::SubstitutionsHelper::LIS_V2_ROLE_MAP). */
  canvasTeachingAssistant: `${LIS}membership/instructor#TeachingAssistant`,
  contentDeveloper: `${LIS}membership#ContentDeveloper`,
  institutionStudent: `${LIS}institution/person#Student`,
  institutionInstructor: `${LIS}institution/person#Instructor`,
  institutionAdministrator: `${LIS}institution/person#Administrator`,
  systemUser: `${LIS}system/person#User`,
  systemAdministrator: `${LIS}system/person#Administrator`,
} as const;

export const ACTIVITY_PROGRESS = ["Initialized", "Started", "InProgress", "Submitted", "Completed"] as const;
export const GRADING_PROGRESS = ["FullyGraded", "Pending", "PendingManual", "Failed", "NotReady"] as const;
export type ActivityProgress = (typeof ACTIVITY_PROGRESS)[number];
export type GradingProgress = (typeof GRADING_PROGRESS)[number];
