import { startFakeTool, TOOL_CONFIGURATION, type FakeTool } from "./fake-tool";
import type { Flavour } from "./flavours";
import { startPlatform, type TestPlatform } from "./platform";
import { launchOverHttp, UserAgent } from "./user-agent";
import { CLAIM, SCOPE } from "./vocabulary";

describe.each<Flavour>(["canvas", "moodle"])("the %s test platform's Dynamic Registration", (flavour) => {
  let tool: FakeTool;
  let platform: TestPlatform;

  beforeEach(async () => {
    tool = await startFakeTool();
    platform = await startPlatform({ flavour });
    tool.platform = platform;
  });

  afterEach(async () => {
    await platform.close();
    await tool.close();
  });

  const register = () => new UserAgent().fetch(platform.registrationInitiationUrl(`${tool.origin}/register`));

  it("registers a tool from its registration URL, which can then launch", async () => {
    expect((await register()).status).toBe(200);
    const [{ configuration, status, response }] = tool.registrations;
    expect(configuration).toMatchObject({
      issuer: platform.issuer,
      authorization_endpoint: platform.authUrl,
      token_endpoint: platform.tokenUrl,
      jwks_uri: platform.jwksUrl,
      token_endpoint_auth_methods_supported: ["private_key_jwt"],
    });
    expect(status).toBe(200);
    expect(response.client_id).toBe(platform.clientId);
    // Moodle answers with the deployment id; Canvas leaves it to the first launch.
    expect((response[TOOL_CONFIGURATION] as { deployment_id?: string }).deployment_id).toBe(
      flavour === "moodle" ? platform.deploymentId : undefined,
    );
    expect(response.scope).toBe(
      flavour === "canvas"
        ? `${SCOPE.score} ${SCOPE.membershipReadonly}`
        : `${SCOPE.score} ${SCOPE.resultReadonly} ${SCOPE.lineItemReadonly} ${SCOPE.membershipReadonly}`,
    );

    const course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    const ada = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, ada, "learner");
    const link = platform.addResourceLink({ context: course, title: "Section 7" });
    const { response: launched } = await launchOverHttp(platform, { context: course, user: ada, resourceLink: link });
    expect(launched.status).toBe(200);
    // The tool asked for no name or email claim (and Canvas's privacy level defaults to anonymous).
    expect(platform.lastLaunch!.claims).toMatchObject({ sub: ada.sub, [CLAIM.targetLinkUri]: tool.launchUrl });
    expect(platform.lastLaunch!.claims.name).toBeUndefined();
    expect(platform.lastLaunch!.claims.email).toBeUndefined();
  });

  it("sends names and email when the registration asks for them in the flavour's way", async () => {
    tool.registrationOverrides =
      flavour === "canvas"
        ? {
            [TOOL_CONFIGURATION]: {
              domain: new URL(tool.origin).host,
              target_link_uri: tool.launchUrl,
              "https://canvas.instructure.com/lti/privacy_level": "public",
            },
          }
        : {
            [TOOL_CONFIGURATION]: {
              domain: new URL(tool.origin).host,
              target_link_uri: tool.launchUrl,
              claims: ["iss", "sub", "name", "email"],
            },
          };
    await register();
    expect(platform.privacy).toEqual({ name: true, email: true });
  });

  it("refuses the OpenID configuration and the registration without a live registration token", async () => {
    const configurationUrl = platform.origin + platform.profile.paths.openidConfiguration;
    const registrationUrl = platform.origin + platform.profile.paths.registration;
    expect((await fetch(configurationUrl)).status).toBe(401);
    const initiation = new URL(platform.registrationInitiationUrl(`${tool.origin}/register`));
    await new UserAgent().fetch(initiation.toString());
    expect(tool.registrations[0].status).toBe(200);
    // The registration used the token up: neither endpoint takes it again.
    const used = { authorization: `Bearer ${initiation.searchParams.get("registration_token")}` };
    expect((await fetch(configurationUrl, { headers: used })).status).toBe(401);
    const again = await fetch(registrationUrl, { method: "POST", headers: { ...used, "content-type": "application/json" }, body: "{}" });
    expect(again.status).toBe(401);
    expect(platform.registrations.map((registration) => registration.status)).toEqual([200]);
  });

  it("refuses a registration that lacks a JWKS URL, naming it, and keeps the token for a corrected attempt", async () => {
    tool.registrationOverrides = { jwks_uri: undefined };
    const initiation = new URL(platform.registrationInitiationUrl(`${tool.origin}/register`));
    await new UserAgent().fetch(initiation.toString());
    expect(tool.registrations[0]).toMatchObject({
      status: 400,
      response: { error: "invalid_client_metadata", error_description: expect.stringContaining("jwks_uri") },
    });
    expect(() => platform.tool).toThrow("no tool is registered");
    tool.registrationOverrides = {};
    await new UserAgent().fetch(initiation.toString());
    expect(tool.registrations[1].status).toBe(200);
    expect(platform.tool.jwksUrl).toBe(tool.jwksUrl);
  });

  it("shows the administrator a page that frames the tool and closes on its postMessage", async () => {
    const html = await (await fetch(platform.registrationPageUrl(`${tool.origin}/register`))).text();
    const src = /<iframe[^>]*src="([^"]+)"/.exec(html)![1].replace(/&amp;/g, "&");
    const frame = new URL(src);
    expect(frame.origin + frame.pathname).toBe(`${tool.origin}/register`);
    expect(frame.searchParams.get("openid_configuration")).toBe(platform.origin + platform.profile.paths.openidConfiguration);
    expect(html).toContain("org.imsglobal.lti.close");
  });
});
