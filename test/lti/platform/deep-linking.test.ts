import { deepLinkResponseClaims, signAsTool, startFakeTool, type FakeTool } from "./fake-tool";
import type { Flavour } from "./flavours";
import { newSigningKey } from "./keys";
import type { PlatformContext, PlatformUser } from "./model";
import { startPlatform, type TestPlatform } from "./platform";
import { launchOverHttp, UserAgent } from "./user-agent";
import { CLAIM } from "./vocabulary";

describe.each<Flavour>(["canvas", "moodle"])("the %s test platform's deep linking", (flavour) => {
  let tool: FakeTool;
  let platform: TestPlatform;
  let course: PlatformContext;
  let teacher: PlatformUser;
  let request: Record<string, unknown>;
  let returnUrl: string;

  beforeEach(async () => {
    tool = await startFakeTool();
    platform = await startPlatform({ flavour, tool });
    tool.platform = platform;
    course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    teacher = platform.addUser({ name: "Claude Shannon" });
    platform.enrol(course, teacher, "instructor");
    await launchOverHttp(platform, { context: course, user: teacher });
    request = platform.lastLaunch!.claims;
    returnUrl = (request[CLAIM.deepLinkingSettings] as { deep_link_return_url: string }).deep_link_return_url;
  });

  afterEach(async () => {
    await platform.close();
    await tool.close();
  });

  const returnJwt = (jwt: string) => new UserAgent().fetch(returnUrl, { method: "POST", form: { JWT: jwt } });
  const section = {
    type: "ltiResourceLink",
    title: "Section 7: backpropagation",
    custom: { chainrule_target: "assessment:section-07" },
    lineItem: { scoreMaximum: 12, label: "Section 7", resourceId: "section-07", tag: "chainrule" },
  };

  it("sends an LtiDeepLinkingRequest with the settings a tool needs to answer", () => {
    expect(request[CLAIM.messageType]).toBe("LtiDeepLinkingRequest");
    expect(request[CLAIM.targetLinkUri]).toBe(tool.deepLinkUrl);
    expect(request[CLAIM.resourceLink]).toBeUndefined();
    expect(request[CLAIM.deepLinkingSettings]).toMatchObject({
      accept_types: ["ltiResourceLink"],
      accept_presentation_document_targets: flavour === "canvas" ? ["iframe", "window"] : ["frame", "iframe", "window"],
      accept_multiple: flavour === "moodle",
      data: expect.any(String),
    });
  });

  it("places a verified response's link in the course with its custom parameters and line item", async () => {
    const response = await returnJwt(await signAsTool(tool, deepLinkResponseClaims(platform, request, [section])));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("Section 7: backpropagation");
    const [outcome] = platform.deepLinkOutcomes;
    expect(outcome.ok).toBe(true);
    const [link] = outcome.resourceLinks;
    expect(link).toMatchObject({ contextId: course.id, title: section.title, custom: section.custom, origin: "deep-linking" });
    expect(platform.lineItems({ resourceLinkId: link.id })).toEqual([
      expect.objectContaining({ scoreMaximum: 12, label: "Section 7", resourceId: "section-07", tag: "chainrule" }),
    ]);
    // The placed link launches like any other, with its custom claim and line item.
    const student = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, student, "learner");
    await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
    expect(platform.lastLaunch!.claims[CLAIM.custom]).toEqual(section.custom);
    expect((platform.lastLaunch!.claims[CLAIM.ags] as { lineitem: string }).lineitem).toBe(
      platform.lineItems({ resourceLinkId: link.id })[0].url,
    );
  });

  const refusals: [string, (claims: Record<string, unknown>) => Record<string, unknown>, string][] = [
    ["another audience", (claims) => ({ ...claims, aud: "https://elsewhere.example" }), "aud"],
    ["another issuer", (claims) => ({ ...claims, iss: "someone-else" }), "iss"],
    ["data that the platform did not send", (claims) => ({ ...claims, [CLAIM.deepLinkingData]: "forged" }), "data claim"],
    ["the wrong message type", (claims) => ({ ...claims, [CLAIM.messageType]: "LtiResourceLinkRequest" }), "message_type"],
    ["the wrong LTI version", (claims) => ({ ...claims, [CLAIM.version]: "1.1" }), "version"],
    ["an unknown deployment", (claims) => ({ ...claims, [CLAIM.deploymentId]: "999" }), "deployment_id"],
    ["no nonce", ({ nonce: _nonce, ...claims }) => claims, "nonce"],
    [
      "a content type not asked for",
      (claims) => ({ ...claims, [CLAIM.deepLinkingContentItems]: [{ type: "file", url: "https://x" }] }),
      "not accepted",
    ],
    [
      "a line item without a maximum",
      (claims) => ({ ...claims, [CLAIM.deepLinkingContentItems]: [{ ...section, lineItem: { label: "x" } }] }),
      "scoreMaximum",
    ],
  ];
  it.each(refusals)("refuses a response with %s, placing nothing", async (_what, spoil, reason) => {
    const response = await returnJwt(await signAsTool(tool, spoil(deepLinkResponseClaims(platform, request, [section]))));
    expect(response.status).toBe(400);
    expect(platform.deepLinkOutcomes).toEqual([expect.objectContaining({ ok: false, error: expect.stringContaining(reason) })]);
    expect([...platform.resourceLinks.values()]).toEqual([]);
  });

  it("refuses a response signed with a key the tool does not publish", async () => {
    const response = await returnJwt(await signAsTool(tool, deepLinkResponseClaims(platform, request, [section]), await newSigningKey()));
    expect(response.status).toBe(400);
    expect(platform.deepLinkOutcomes[0].error).toContain("does not verify");
  });

  it("refuses a replayed response", async () => {
    const jwt = await signAsTool(tool, deepLinkResponseClaims(platform, request, [section]));
    expect((await returnJwt(jwt)).status).toBe(200);
    expect((await returnJwt(jwt)).status).toBe(400);
    expect(platform.deepLinkOutcomes[1].error).toContain("nonce");
    expect(platform.resourceLinks.size).toBe(1);
  });

  it(`${flavour === "canvas" ? "refuses" : "accepts"} several items at once`, async () => {
    const second = { ...section, title: "Section 8" };
    const response = await returnJwt(await signAsTool(tool, deepLinkResponseClaims(platform, request, [section, second])));
    expect(response.status).toBe(flavour === "canvas" ? 400 : 200);
    expect(platform.resourceLinks.size).toBe(flavour === "canvas" ? 0 : 2);
  });
});
