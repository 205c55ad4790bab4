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
