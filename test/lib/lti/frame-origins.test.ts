import type { Db } from "@/lib/db/client";
import {
  forgetFrameOrigins,
  frameAncestorSources,
  framingOrigin,
  registeredFrameOrigins,
  FRAME_ORIGINS_TTL_MS,
} from "@/lib/lti/frame-origins";

/** A database holding these platforms' login URLs (and LMS web addresses), counting its reads; `fail` makes the next reads throw. */
function platformsDb(authLoginUrls: string[], frameOrigins: unknown[] = []) {
  const state = { reads: 0, fail: false, authLoginUrls };
  const db = {
    ltiPlatform: {
      findMany: async () => {
        state.reads += 1;
        if (state.fail) throw new Error("database down");
        return state.authLoginUrls.map((authLoginUrl, i) => ({ authLoginUrl, frameOrigins: frameOrigins[i] ?? [] }));
      },
    },
  } as unknown as Db;
  return { db, state };
}

const framedRequest = (referer: string, destination = "iframe") =>
  new Request("https://chainrule.example.edu/courses", { headers: { "sec-fetch-dest": destination, referer } });

beforeEach(forgetFrameOrigins);

describe("registeredFrameOrigins", () => {
  it("gives the origins of the platforms' login URLs, each once, and never their paths or a non-http URL", async () => {
    const { db } = platformsDb([
      "https://moodle.example.edu/mod/lti/auth.php",
      "https://moodle.example.edu:443/other",
      "http://127.0.0.1:4567/api/lti/authorize_redirect",
      "javascript:alert(1)",
    ]);
    expect(await registeredFrameOrigins(db, { now: 0 })).toEqual(["http://127.0.0.1:4567", "https://moodle.example.edu"]);
  });

  it("adds each platform's registered LMS web addresses, skipping anything in the column that is not a bare origin", async () => {
    const { db } = platformsDb(
      ["https://sso.canvaslms.com/api/lti/authorize_redirect", "https://moodle.example.edu/mod/lti/auth.php"],
      [["https://school.instructure.com", "https://evil.example.com/path", "javascript:alert(1)", 7], "https://not-a-list.example.com"],
    );
    expect(await registeredFrameOrigins(db, { now: 0 })).toEqual([
      "https://moodle.example.edu",
      "https://school.instructure.com",
      "https://sso.canvaslms.com",
    ]);
  });

  it("reads the table once per TTL, again after a registration change, and at once for a framing site it does not list", async () => {
    const { db, state } = platformsDb(["https://a.example.edu/auth"]);
    await registeredFrameOrigins(db, { now: 0 });
    await registeredFrameOrigins(db, { now: FRAME_ORIGINS_TTL_MS - 1 });
    expect(state.reads).toBe(1);
    // Registered on another instance: a launch from it re-reads at once (but not twice within a second).
    state.authLoginUrls.push("https://b.example.edu/auth");
    expect(await registeredFrameOrigins(db, { now: 500, framedBy: "https://b.example.edu" })).toEqual(["https://a.example.edu"]);
    expect(await registeredFrameOrigins(db, { now: 1_500, framedBy: "https://b.example.edu" })).toContain("https://b.example.edu");
    expect(state.reads).toBe(2);
    // Deleted here: forgotten at once.
    state.authLoginUrls.splice(0, 1);
    forgetFrameOrigins();
    expect(await registeredFrameOrigins(db, { now: 1_600 })).toEqual(["https://b.example.edu"]);
    // Past the TTL, re-read.
    state.authLoginUrls.length = 0;
    expect(await registeredFrameOrigins(db, { now: 1_600 + FRAME_ORIGINS_TTL_MS })).toEqual([]);
  });

  it("fails closed: with the database down and nothing cached, no site may frame Chainrule", async () => {
    const { db, state } = platformsDb(["https://a.example.edu/auth"]);
    state.fail = true;
    const error = jest.spyOn(console, "error").mockImplementation(() => {});
    expect(frameAncestorSources(await registeredFrameOrigins(db, { now: 0 }))).toEqual(["'none'"]);
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});

describe("framingOrigin", () => {
  it("is the parent's origin for an iframe's navigation from another site, and null otherwise", () => {
    expect(framingOrigin(framedRequest("https://moodle.example.edu/course/view.php?id=2"))).toBe("https://moodle.example.edu");
    expect(framingOrigin(framedRequest("https://moodle.example.edu/", "document"))).toBeNull();
    // A navigation inside the frame comes from Chainrule itself.
    expect(framingOrigin(framedRequest("https://chainrule.example.edu/assessments/x"))).toBeNull();
  });
});
