import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { startFakeTool, type FakeTool } from "./fake-tool";
import { parseAutoSubmitForm } from "./html";
import { startPlatform, type TestPlatform } from "./platform";
import { launchOverHttp, UserAgent } from "./user-agent";
import { CLAIM, ROLE } from "./vocabulary";
import type { Flavour } from "./flavours";

describe.each<Flavour>(["canvas", "moodle"])("the %s test platform's launch", (flavour) => {
  let tool: FakeTool;
  let platform: TestPlatform;
  let course: ReturnType<TestPlatform["addContext"]>;
  let student: ReturnType<TestPlatform["addUser"]>;
  let link: ReturnType<TestPlatform["addResourceLink"]>;

  beforeEach(async () => {
    tool = await startFakeTool();
    platform = await startPlatform({ flavour, tool });
    tool.platform = platform;
    course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    student = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, student, "learner");
    link = platform.addResourceLink({
      context: course,
      title: "Section 7",
      custom: { chainrule_target: "assessment:section-07" },
      lineItem: { scoreMaximum: 10 },
    });
  });

  afterEach(async () => {
    await platform.close();
    await tool.close();
  });

  it("signs an id_token that verifies against its JWKS and carries the LTI claims", async () => {
    const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
    const [authRequest] = tool.authRequests;
    expect(posted.state).toBe(authRequest.state);
    const { payload, protectedHeader } = await jwtVerify(posted.id_token, createRemoteJWKSet(new URL(platform.jwksUrl)), {
      issuer: platform.issuer,
      audience: platform.clientId,
      algorithms: ["RS256"],
    });
    expect(protectedHeader.kid).toBe(platform.keys.current.kid);
    expect(payload.sub).toBe(student.sub);
    expect(payload.nonce).toBe(authRequest.nonce);
    expect(payload.name).toBe("Ada Lovelace");
    expect(payload.email).toBe(student.email);
    expect(payload[CLAIM.messageType]).toBe("LtiResourceLinkRequest");
    expect(payload[CLAIM.version]).toBe("1.3.0");
    expect(payload[CLAIM.deploymentId]).toBe(platform.deploymentId);
    expect(payload[CLAIM.targetLinkUri]).toBe(tool.launchUrl);
    expect(payload[CLAIM.resourceLink]).toEqual({ id: link.id, title: "Section 7" });
    expect(payload[CLAIM.custom]).toEqual({ chainrule_target: "assessment:section-07" });
    expect(payload[CLAIM.roles]).toContain(ROLE.learner);
    expect(payload[CLAIM.context]).toMatchObject({
      id: platform.profile.contextClaimId(course.id),
      label: "DL101",
      title: "Deep learning maths",
    });
    if (flavour === "canvas") expect((payload[CLAIM.context] as { id: string }).id).toMatch(/^[0-9a-f]{40}$/);
    const [lineItem] = platform.lineItems({ resourceLinkId: link.id });
    expect(payload[CLAIM.ags]).toMatchObject({
      lineitem: lineItem.url,
      lineitems: platform.profile.lineItemsUrl(platform.origin, course.id, platform.deploymentId),
    });
    expect(payload[CLAIM.nrps]).toEqual({
      context_memberships_url: platform.profile.membershipsUrl(platform.origin, course.id, platform.deploymentId),
      service_versions: ["2.0"],
    });
    expect((payload.exp as number) - (payload.iat as number)).toBe(flavour === "canvas" ? 3600 : 60);
    expect(tool.launches).toHaveLength(1);
  });

  it("initiates the login with the flavour's parameters", async () => {
    await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
    const [login] = tool.logins;
    expect(login).toMatchObject({
      iss: platform.issuer,
      target_link_uri: tool.launchUrl,
      client_id: platform.clientId,
      lti_deployment_id: platform.deploymentId,
    });
    expect(login.lti_message_hint).toBeTruthy();
    if (flavour === "canvas") {
      expect(platform.issuer).toBe("https://canvas.instructure.com");
      expect(login).toMatchObject({
        deployment_id: platform.deploymentId,
        canvas_region: "us-east-1",
        lti_storage_target: "post_message_forwarding",
      });
      expect(platform.deploymentId).toMatch(/^\d+:[0-9a-f]{40}$/);
      expect(platform.lastLaunch!.claims[CLAIM.toolPlatform]).toMatchObject({ product_family_code: "canvas" });
    } else {
      expect(platform.issuer).toBe(platform.origin);
      expect(login.login_hint).toBe(student.sub);
      expect(JSON.parse(login.lti_message_hint)).toMatchObject({ cmid: Number(link.id) });
    }
  });

  it("sends a TA's sub-role and an instructor's role in the flavour's URIs", async () => {
    const ta = platform.addUser({ name: "Grace Hopper" });
    platform.enrol(course, ta, "ta");
    await launchOverHttp(platform, { context: course, user: ta, resourceLink: link });
    const roles = platform.lastLaunch!.claims[CLAIM.roles];
    if (flavour === "canvas") expect(roles).toEqual(expect.arrayContaining([ROLE.canvasTeachingAssistant, ROLE.instructor]));
    else expect(roles).toEqual([ROLE.instructor]);
  });

  it("renders a course page whose iframe posts the login initiation to the tool", async () => {
    const agent = new UserAgent();
    const response = await agent.fetch(platform.coursePageUrl({ context: course, resourceLink: link, user: student }));
    expect(response.status).toBe(200);
    expect(agent.cookieHeader(platform.origin)).toContain(platform.sessionCookieName);
    let html = await response.text();
    expect(html).toContain('name="tool_content"');
    if (flavour === "moodle") {
      const src = /<iframe[^>]*src="([^"]+)"/.exec(html)![1];
      html = await (await agent.fetch(new URL(src, platform.origin).toString())).text();
    }
    const form = parseAutoSubmitForm(html);
    expect(form).toMatchObject({ action: tool.loginUrl, method: "POST" });
    expect(form.fields).toMatchObject({ iss: platform.issuer, client_id: platform.clientId });
    // The browser would now post the form and follow the tool's redirect to /auth.
    const { response: authPage } = await agent.follow(await agent.submit(form), tool.loginUrl);
    const posted = parseAutoSubmitForm(await authPage.text());
    expect(posted.action).toBe(tool.launchUrl);
    expect(posted.fields.id_token).toBe(platform.lastLaunch!.idToken);
  });

  it("refuses an authentication request whose redirect_uri is not registered, with a 400 page", async () => {
    const initiation = await platform.initiateLogin({ context: course, user: student, resourceLink: link });
    const agent = new UserAgent();
    agent.setCookie(platform.origin, initiation.sessionCookie);
    const auth = new URL(platform.authUrl);
    const params = {
      scope: "openid",
      response_type: "id_token",
      response_mode: "form_post",
      prompt: "none",
      client_id: platform.clientId,
      redirect_uri: `${tool.origin}/elsewhere`,
      login_hint: initiation.params.login_hint,
      lti_message_hint: initiation.params.lti_message_hint,
      state: "s",
      nonce: "n",
    };
    for (const [name, value] of Object.entries(params)) auth.searchParams.set(name, value);
    const { response } = await agent.follow(await agent.fetch(auth.toString()), auth.toString());
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("is not registered");
    expect(platform.launches).toHaveLength(0);
    expect(platform.authRefusals).toEqual([expect.objectContaining({ error: "invalid_request", postedToTool: false })]);
  });

  it("posts an OIDC error back to the tool when the browser has no platform session", async () => {
    const initiation = await platform.initiateLogin({ context: course, user: student, resourceLink: link });
    const agent = new UserAgent();
    const { response } = await agent.follow(
      await agent.submit({ action: initiation.loginUrl, method: "POST", fields: initiation.params }),
      tool.loginUrl,
    );
    const form = parseAutoSubmitForm(await response.text());
    expect(form.action).toBe(tool.launchUrl);
    expect(form.fields).toMatchObject({
      error: flavour === "canvas" ? "login_required" : "access_denied",
      state: tool.authRequests[0].state,
    });
    expect(form.fields.id_token).toBeUndefined();
  });

  it("answers a launch's authentication request once only", async () => {
    const agent = new UserAgent();
    await launchOverHttp(platform, { context: course, user: student, resourceLink: link, agent });
    const { response } = await agent.follow(await agent.fetch(tool.authRequests[0].url), tool.authRequests[0].url);
    expect(parseAutoSubmitForm(await response.text()).fields.error).toBe("launch_no_longer_valid");
  });

  it("can send aud as a one-element array, with azp the client id", async () => {
    const arrayPlatform = await startPlatform({ flavour, tool, audienceForm: "array" });
    tool.platform = arrayPlatform;
    const arrayCourse = arrayPlatform.addContext({ label: "DL101", title: "Deep learning maths" });
    arrayPlatform.enrol(arrayCourse, arrayPlatform.addUser({ name: "Ada Lovelace" }), "learner");
    const [user] = arrayPlatform.users.values();
    const arrayLink = arrayPlatform.addResourceLink({ context: arrayCourse, title: "Section 7" });
    await launchOverHttp(arrayPlatform, { context: arrayCourse, user, resourceLink: arrayLink });
    expect(arrayPlatform.lastLaunch!.claims).toMatchObject({ aud: [arrayPlatform.clientId], azp: arrayPlatform.clientId });
    await arrayPlatform.close();
  });

  describe("attacks for the tool's refusal tests", () => {
    const verify = (token: string) =>
      jwtVerify(token, createRemoteJWKSet(new URL(platform.jwksUrl)), {
        issuer: platform.issuer,
        audience: platform.clientId,
        algorithms: ["RS256"],
      });

    it("signs the next launch with a key outside its JWKS but under the published kid", async () => {
      platform.tamperNextLaunch("wrong-key");
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      expect(decodeProtectedHeader(posted.id_token).kid).toBe(platform.keys.current.kid);
      await expect(verify(posted.id_token)).rejects.toMatchObject({ code: "ERR_JWS_SIGNATURE_VERIFICATION_FAILED" });
      // Only the next launch: the one after verifies.
      const { posted: clean } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      await expect(verify(clean.id_token)).resolves.toBeTruthy();
    });

    it("sends an expired launch", async () => {
      platform.tamperNextLaunch("expired");
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      await expect(verify(posted.id_token)).rejects.toMatchObject({ code: "ERR_JWT_EXPIRED" });
    });

    it("sends a launch for another audience", async () => {
      platform.tamperNextLaunch("wrong-audience");
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      await expect(verify(posted.id_token)).rejects.toMatchObject({ code: "ERR_JWT_CLAIM_VALIDATION_FAILED", claim: "aud" });
    });

    it("launches from an unknown deployment, in the login initiation and the id_token alike", async () => {
      platform.tamperNextLaunch("unknown-deployment");
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      const { payload } = await verify(posted.id_token);
      expect(payload[CLAIM.deploymentId]).not.toBe(platform.deploymentId);
      expect(tool.logins[0].lti_deployment_id).toBe(payload[CLAIM.deploymentId]);
    });

    it("sends a nonce other than the tool's", async () => {
      platform.tamperNextLaunch("wrong-nonce");
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      expect((await verify(posted.id_token)).payload.nonce).not.toBe(tool.authRequests[0].nonce);
    });

    it("keeps the last id_token and state so that a test can replay them", async () => {
      const { posted } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      expect(platform.lastLaunch).toMatchObject({ redirectUri: tool.launchUrl, idToken: posted.id_token, state: posted.state });
    });

    it("rotates its key: a new kid, and the old key gone from its JWKS", async () => {
      const { posted: before } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      const oldKid = platform.keys.current.kid;
      const newKid = await platform.rotateKeys();
      expect(newKid).not.toBe(oldKid);
      const jwks = (await (await fetch(platform.jwksUrl)).json()) as { keys: { kid: string }[] };
      expect(jwks.keys.map((key) => key.kid)).toEqual([newKid]);
      await expect(verify(before.id_token)).rejects.toMatchObject({ code: "ERR_JWKS_NO_MATCHING_KEY" });
      const { posted: after } = await launchOverHttp(platform, { context: course, user: student, resourceLink: link });
      expect((await verify(after.id_token)).protectedHeader.kid).toBe(newKid);
    });
  });
});
