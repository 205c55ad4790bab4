import type { CourseRole } from "@/lib/auth/roles";

// From the LTI roles claim to a Chainrule course role. The claim lists IMS
// role URIs (LIS v2): context (membership) roles, which say what the person
// is in this course, and institution or system roles, which say what they
// are elsewhere. Context roles decide; institution roles only count when no
// context role is sent. The short names LTI 1.1 used ("Instructor") are read too.
//
// - Instructor, Administrator, ContentDeveloper (context) → INSTRUCTOR
// - TeachingAssistant, as a role or as the Instructor#TeachingAssistant
//   sub-role → TA, checked first: a TA sent as Instructor plus the sub-role
//   is a TA, not an instructor. Canvas spells the sub-role's parent
//   lower-case (membership/instructor#TeachingAssistant), so role names are
//   compared without case: no two LIS role names differ only in case.
// - Learner, Mentor and anything unknown → STUDENT: an unknown role gets the least rights
// - no context role: institution or system Administrator → INSTRUCTOR
//   (an LMS administrator testing the tool), anything else → STUDENT

const CONTEXT_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership#";
const CONTEXT_SUB_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/membership/";
const INSTITUTION_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/institution/person#";
const SYSTEM_ROLE = "http://purl.imsglobal.org/vocab/lis/v2/system/person#";

/** Lower-case, as role names are compared. */
const STAFF_CONTEXT_ROLES = new Set(["instructor", "administrator", "contentdeveloper"]);

interface ParsedRole {
  scope: "context" | "institution" | "system";
  name: string;
  /** For a context sub-role (membership/Instructor#TeachingAssistant): Instructor. */
  parent?: string;
}

function parseRole(uri: string): ParsedRole | null {
  if (uri.startsWith(CONTEXT_ROLE)) return { scope: "context", name: uri.slice(CONTEXT_ROLE.length) };
  if (uri.startsWith(CONTEXT_SUB_ROLE)) {
    const [parent, name] = uri.slice(CONTEXT_SUB_ROLE.length).split("#");
    return name ? { scope: "context", name, parent } : null;
  }
  if (uri.startsWith(INSTITUTION_ROLE)) return { scope: "institution", name: uri.slice(INSTITUTION_ROLE.length) };
  if (uri.startsWith(SYSTEM_ROLE)) return { scope: "system", name: uri.slice(SYSTEM_ROLE.length) };
  // LTI 1.1's simple names mean context roles.
  if (/^[A-Za-z]+$/.test(uri)) return { scope: "context", name: uri };
  return null;
}

export function courseRoleFromLti(roles: readonly string[]): CourseRole {
  const parsed = roles.map(parseRole).filter((role): role is ParsedRole => role !== null);
  const context = parsed.filter((role) => role.scope === "context");
  if (context.length > 0) {
    if (context.some((role) => role.name.toLowerCase() === "teachingassistant")) return "TA";
    if (context.some((role) => !role.parent && STAFF_CONTEXT_ROLES.has(role.name.toLowerCase()))) return "INSTRUCTOR";
    return "STUDENT";
  }
  if (parsed.some((role) => role.name.toLowerCase() === "administrator")) return "INSTRUCTOR";
  return "STUDENT";
}
