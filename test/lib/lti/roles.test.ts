import { courseRoleFromLti } from "@/lib/lti/roles";
import { LTI_ROLE } from "../../support/lti-signer";

describe("courseRoleFromLti", () => {
  it("maps Learner to STUDENT and Instructor to INSTRUCTOR", () => {
    expect(courseRoleFromLti([LTI_ROLE.learner])).toBe("STUDENT");
    expect(courseRoleFromLti([LTI_ROLE.instructor])).toBe("INSTRUCTOR");
  });

  it("maps context Administrator and ContentDeveloper to INSTRUCTOR", () => {
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#Administrator"])).toBe("INSTRUCTOR");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#ContentDeveloper"])).toBe("INSTRUCTOR");
  });

  it("makes a TA of Instructor with the TeachingAssistant sub-role, and of the TeachingAssistant role alone", () => {
    expect(courseRoleFromLti([LTI_ROLE.instructor, LTI_ROLE.teachingAssistant])).toBe("TA");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#TeachingAssistant"])).toBe("TA");
  });

  it("makes a TA of Canvas's lower-case membership/instructor#TeachingAssistant sent with Instructor, and of the IMS spelling in either order", () => {
    const canvasTa = "http://purl.imsglobal.org/vocab/lis/v2/membership/instructor#TeachingAssistant";
    const imsTa = "http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant";
    // Canvas's TA: institution Instructor, the sub-role, membership Instructor and system User.
    const canvasRoles = [
      "http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor",
      canvasTa,
      LTI_ROLE.instructor,
      "http://purl.imsglobal.org/vocab/lis/v2/system/person#User",
    ];
    expect(courseRoleFromLti(canvasRoles)).toBe("TA");
    expect(courseRoleFromLti([LTI_ROLE.instructor, canvasTa])).toBe("TA");
    expect(courseRoleFromLti([imsTa, LTI_ROLE.instructor])).toBe("TA");
    expect(courseRoleFromLti([LTI_ROLE.instructor, imsTa])).toBe("TA");
  });

  it("reads context role names without regard to case, and still gives an unknown role the least rights", () => {
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#instructor"])).toBe("INSTRUCTOR");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#teachingassistant"])).toBe("TA");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructorish"])).toBe("STUDENT");
  });

  it("lets the context role decide over an institution role", () => {
    expect(courseRoleFromLti([LTI_ROLE.institutionAdministrator, LTI_ROLE.learner])).toBe("STUDENT");
  });

  it("makes an institution Administrator without a context role an INSTRUCTOR, and other institution roles students", () => {
    expect(courseRoleFromLti([LTI_ROLE.institutionAdministrator])).toBe("INSTRUCTOR");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Faculty"])).toBe("STUDENT");
  });

  it("gives an unknown role, Mentor, or none the least rights: STUDENT", () => {
    expect(courseRoleFromLti(["urn:example:role#Wizard"])).toBe("STUDENT");
    expect(courseRoleFromLti(["http://purl.imsglobal.org/vocab/lis/v2/membership#Mentor"])).toBe("STUDENT");
    expect(courseRoleFromLti([])).toBe("STUDENT");
  });

  it("reads LTI 1.1's short names", () => {
    expect(courseRoleFromLti(["Instructor"])).toBe("INSTRUCTOR");
    expect(courseRoleFromLti(["Learner"])).toBe("STUDENT");
  });
});
