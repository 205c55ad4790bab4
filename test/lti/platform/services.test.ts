import { clientAssertionClaims, postToolScore, signAsTool, startFakeTool, toolAccessToken, type FakeTool } from "./fake-tool";
import { lineItemSubUrl, type Flavour } from "./flavours";
import { newSigningKey } from "./keys";
import type { LineItem, PlatformContext, PlatformUser } from "./model";
import { startPlatform, type TestPlatform } from "./platform";
import { ASSERTION_TYPE } from "./token";
import { MEDIA_TYPE, ROLE, SCOPE } from "./vocabulary";

async function requestToken(platform: TestPlatform, assertion: string, scope: string, grantType = "client_credentials") {
  const response = await fetch(platform.tokenUrl, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: grantType, client_assertion_type: ASSERTION_TYPE, client_assertion: assertion, scope }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** Lets the event loop run until `condition` holds (a request to arrive, a socket to close). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

describe.each<Flavour>(["canvas", "moodle"])("the %s test platform's services", (flavour) => {
  let tool: FakeTool;
  let platform: TestPlatform;
  let course: PlatformContext;
  let student: PlatformUser;
  let lineItem: LineItem;

  beforeEach(async () => {
    tool = await startFakeTool();
    platform = await startPlatform({ flavour, tool, membershipPageSize: 2 });
    tool.platform = platform;
    course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    student = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, student, "learner");
    const link = platform.addResourceLink({ context: course, title: "Section 7", lineItem: { scoreMaximum: 10 } });
    [lineItem] = platform.lineItems({ resourceLinkId: link.id });
  });

  afterEach(async () => {
    await platform.close();
    await tool.close();
  });

  const score = (scoreGiven: number, timestamp: Date) => ({
    userId: student.sub,
    scoreGiven,
    scoreMaximum: 10,
    activityProgress: "Completed",
    gradingProgress: "FullyGraded",
    timestamp: timestamp.toISOString(),
  });

  describe("token endpoint", () => {
    it("grants the requested scopes for a client assertion signed with the tool's key", async () => {
      const { status, body } = await requestToken(
        platform,
        await signAsTool(tool, clientAssertionClaims(platform)),
        `${SCOPE.score} ${SCOPE.membershipReadonly} https://example.com/scope/unknown`,
      );
      expect(status).toBe(200);
      expect(body).toMatchObject({ token_type: "Bearer", expires_in: 3600, scope: `${SCOPE.score} ${SCOPE.membershipReadonly}` });
      expect(typeof body.access_token).toBe("string");
    });

    it("refuses an assertion signed with a key the tool does not publish", async () => {
      const stranger = await newSigningKey();
      const { status, body } = await requestToken(platform, await signAsTool(tool, clientAssertionClaims(platform), stranger), SCOPE.score);
      expect(status).toBe(401);
      expect(body.error).toBe("invalid_client");
    });

    it("refuses an assertion for another audience, from another client, or expired", async () => {
      const now = Math.floor(Date.now() / 1000);
      for (const spoil of [
        { aud: platform.issuer + "/token" },
        { iss: "someone-else", sub: "someone-else" },
        { iat: now - 600, exp: now - 300 },
      ]) {
        const { status, body } = await requestToken(
          platform,
          await signAsTool(tool, { ...clientAssertionClaims(platform), ...spoil }),
          SCOPE.score,
        );
        expect({ spoil, status, error: body.error }).toEqual({ spoil, status: 401, error: "invalid_client" });
      }
    });

    it("accepts an assertion's jti once", async () => {
      const assertion = await signAsTool(tool, clientAssertionClaims(platform));
      expect((await requestToken(platform, assertion, SCOPE.score)).status).toBe(200);
      const replay = await requestToken(platform, assertion, SCOPE.score);
      expect(replay).toEqual({
        status: 401,
        body: expect.objectContaining({ error: "invalid_client", error_description: expect.stringContaining("jti") }),
      });
    });

    it("refuses another grant type and a request for no known scope", async () => {
      expect(
        (await requestToken(platform, await signAsTool(tool, clientAssertionClaims(platform)), SCOPE.score, "password")).body.error,
      ).toBe("unsupported_grant_type");
      expect((await requestToken(platform, await signAsTool(tool, clientAssertionClaims(platform)), "openid")).body.error).toBe(
        "invalid_scope",
      );
    });
  });

  describe("assignment and grade services", () => {
    it("refuses a score without a token (401) and with a token lacking the score scope (403)", async () => {
      expect((await postToolScore(lineItem.url, "not-a-token", score(7, new Date()))).status).toBe(401);
      const token = await toolAccessToken(platform, tool, [SCOPE.membershipReadonly]);
      expect((await postToolScore(lineItem.url, token, score(7, new Date()))).status).toBe(403);
      // The token is checked before anything is looked up: an unknown line item is no oracle.
      const unknown = platform.profile.lineItemUrl(platform.origin, course.id, "999", platform.deploymentId);
      expect((await postToolScore(unknown, "not-a-token", score(7, new Date()))).status).toBe(401);
      expect((await postToolScore(unknown, await toolAccessToken(platform, tool, [SCOPE.score]), score(7, new Date()))).status).toBe(404);
      expect(platform.scores).toEqual([]);
    });

    it("refuses scores while failures are injected, then records the next one once", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      platform.failScores(2, 503);
      const base = Date.now();
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await postToolScore(lineItem.url, token, score(7, new Date(base + i * 2000)))).status);
      expect(statuses).toEqual([503, 503, 200]);
      expect(platform.scorePosts.map((post) => post.status)).toEqual([503, 503, 200]);
      expect(platform.scores).toEqual([expect.objectContaining({ userId: student.sub, scoreGiven: 7, lineItemId: lineItem.id })]);
    });

    it("can record a score and still answer a failure, as when a response is lost", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      platform.failScores(1, 502, { recordFirst: true });
      expect((await postToolScore(lineItem.url, token, score(4, new Date()))).status).toBe(502);
      expect(platform.scores.map((s) => s.scoreGiven)).toEqual([4]);
    });

    it("holds score posts unanswered until released, and drops a held post whose tool hung up", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      platform.holdScores();
      const base = Date.now();
      const kept = postToolScore(lineItem.url, token, score(6, new Date(base)));
      await until(() => platform.heldScorePosts.length === 1);
      const hangUp = new AbortController();
      const dropped = fetch(lineItemSubUrl(lineItem.url, "scores"), {
        method: "POST",
        headers: { authorization: `Bearer ${token}`, "content-type": MEDIA_TYPE.score },
        body: JSON.stringify(score(9, new Date(base + 2000))),
        signal: hangUp.signal,
      }).catch((error: Error) => error.name);
      await until(() => platform.heldScorePosts.length === 2);
      expect(platform.scores).toEqual([]);
      hangUp.abort();
      expect(await dropped).toBe("AbortError");
      await until(() => platform.heldScorePosts[1].abandoned);

      platform.releaseScores();
      expect((await kept).status).toBe(200);
      expect(platform.heldScorePosts.map((post) => post.abandoned)).toEqual([false, true]);
      expect(platform.scores.map((s) => s.scoreGiven)).toEqual([6]);
      // No longer held: the next post is answered at once.
      expect((await postToolScore(lineItem.url, token, score(7, new Date(base + 4000)))).status).toBe(200);
    });

    it("refuses a score older than the result on record, with the flavour's status", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      const now = Date.now();
      expect((await postToolScore(lineItem.url, token, score(8, new Date(now)))).status).toBe(200);
      expect((await postToolScore(lineItem.url, token, score(5, new Date(now - 5000)))).status).toBe(flavour === "canvas" ? 400 : 409);
      // Moodle keeps whole seconds and refuses an equal one; Canvas takes an equal timestamp.
      expect((await postToolScore(lineItem.url, token, score(9, new Date(now)))).status).toBe(flavour === "canvas" ? 200 : 409);
      expect(platform.scores.map((s) => s.scoreGiven)).toEqual(flavour === "canvas" ? [8, 9] : [8]);
    });

    it("refuses a malformed score naming the field, and a user outside the course", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      const bad = await postToolScore(lineItem.url, token, { ...score(7, new Date()), timestamp: "yesterday" });
      expect(bad.status).toBe(400);
      expect(((await bad.json()) as { error: string }).error).toContain("timestamp");
      expect((await postToolScore(lineItem.url, token, { ...score(7, new Date()), activityProgress: "Done" })).status).toBe(400);
      const stranger = await postToolScore(lineItem.url, token, { ...score(7, new Date()), userId: "nobody" });
      expect(stranger.status).toBe(flavour === "canvas" ? 422 : 400);
      const noMaximum = await postToolScore(lineItem.url, token, { ...score(7, new Date()), scoreMaximum: undefined });
      expect(noMaximum.status).toBe(flavour === "canvas" ? 422 : 200);
      const plainJson = await postToolScore(lineItem.url, token, score(7, new Date(Date.now() + 5000)), "application/json");
      expect(plainJson.status).toBe(flavour === "canvas" ? 200 : 400);
    });

    it("creates, lists by resource link, updates and deletes line items, and reports results", async () => {
      const token = await toolAccessToken(platform, tool, [SCOPE.lineItem, SCOPE.score, SCOPE.resultReadonly]);
      const container = platform.profile.lineItemsUrl(platform.origin, course.id, platform.deploymentId);
      const auth = { authorization: `Bearer ${token}` };
      const created = await fetch(container, {
        method: "POST",
        headers: { ...auth, "content-type": MEDIA_TYPE.lineItem },
        body: JSON.stringify({ label: "Quiz", scoreMaximum: 5, resourceId: "quiz-1", tag: "chainrule" }),
      });
      expect(created.status).toBe(201);
      const item = (await created.json()) as { id: string; label: string };
      expect(item).toMatchObject({ label: "Quiz", scoreMaximum: 5, resourceId: "quiz-1" });
      const invalid = await fetch(container, {
        method: "POST",
        headers: { ...auth, "content-type": MEDIA_TYPE.lineItem },
        body: JSON.stringify({ label: "x" }),
      });
      expect(invalid.status).toBe(400);

      const listUrl = new URL(container);
      listUrl.searchParams.set("resource_link_id", lineItem.resourceLinkId!);
      const listed = (await (await fetch(listUrl, { headers: auth })).json()) as { id: string }[];
      expect(listed.map((entry) => entry.id)).toEqual([lineItem.url]);

      const updated = await fetch(item.id, {
        method: "PUT",
        headers: { ...auth, "content-type": MEDIA_TYPE.lineItem },
        body: JSON.stringify({ label: "Quiz 1", scoreMaximum: 6 }),
      });
      expect(((await updated.json()) as { label: string }).label).toBe("Quiz 1");

      expect((await postToolScore(lineItem.url, token, score(7, new Date()))).status).toBe(200);
      const results = (await (await fetch(lineItemSubUrl(lineItem.url, "results"), { headers: auth })).json()) as unknown[];
      expect(results).toEqual([expect.objectContaining({ userId: student.sub, resultScore: 7, resultMaximum: 10, scoreOf: lineItem.url })]);

      expect((await fetch(item.id, { method: "DELETE", headers: auth })).status).toBe(204);
      expect(platform.lineItems({ contextId: course.id }).map((entry) => entry.url)).toEqual([lineItem.url]);
    });

    if (flavour === "moodle")
      it("refuses a service URL stripped of its type_id query, as Moodle does", async () => {
        const token = await toolAccessToken(platform, tool, [SCOPE.score]);
        const stripped = new URL(lineItem.url);
        stripped.search = "";
        expect((await postToolScore(stripped.toString(), token, score(7, new Date()))).status).toBe(403);
        expect(lineItemSubUrl(lineItem.url, "scores")).toMatch(/\/lineitem\/scores\?type_id=/);
      });
  });

  describe("names and role provisioning", () => {
    it("pages the course's members with a Link rel=next header", async () => {
      for (const name of ["Alan Turing", "Grace Hopper", "Emmy Noether", "Kurt Goedel"])
        platform.enrol(course, platform.addUser({ name }), "learner");
      platform.enrol(course, platform.addUser({ name: "Claude Shannon" }), "instructor");
      const token = await toolAccessToken(platform, tool, [SCOPE.membershipReadonly]);
      let url: string | undefined = platform.profile.membershipsUrl(platform.origin, course.id, platform.deploymentId);
      const pages: string[][] = [];
      const seen: { user_id: string; roles: string[]; email: string }[] = [];
      while (url) {
        const response: Response = await fetch(url, {
          headers: { authorization: `Bearer ${token}`, accept: MEDIA_TYPE.membershipContainer },
        });
        expect(response.status).toBe(200);
        expect(response.headers.get("content-type")).toBe(MEDIA_TYPE.membershipContainer);
        const body = (await response.json()) as {
          context: { id: string };
          members: { name: string; user_id: string; roles: string[]; email: string }[];
        };
        expect(body.context.id).toBe(platform.profile.contextClaimId(course.id));
        pages.push(body.members.map((member) => member.name));
        seen.push(...body.members);
        url = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get("link") ?? "")?.[1];
      }
      expect(pages).toEqual([
        ["Ada Lovelace", "Alan Turing"],
        ["Grace Hopper", "Emmy Noether"],
        ["Kurt Goedel", "Claude Shannon"],
      ]);
      expect(seen[0]).toMatchObject({ user_id: student.sub, email: student.email });
      expect(seen[5].roles).toContain(ROLE.instructor);
    });

    it("requires a token with the membership scope", async () => {
      const url = platform.profile.membershipsUrl(platform.origin, course.id, platform.deploymentId);
      expect((await fetch(url)).status).toBe(401);
      const token = await toolAccessToken(platform, tool, [SCOPE.score]);
      expect((await fetch(url, { headers: { authorization: `Bearer ${token}` } })).status).toBe(403);
    });

    it("stops honouring tokens once they are expired", async () => {
      const url = platform.profile.membershipsUrl(platform.origin, course.id, platform.deploymentId);
      const token = await toolAccessToken(platform, tool, [SCOPE.membershipReadonly]);
      platform.expireAccessTokens();
      const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toContain("invalid_token");
    });
  });
});
