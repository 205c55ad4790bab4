import { postToolScore, startFakeTool, toolAccessToken, type FakeTool } from "./fake-tool";
import type { Flavour } from "./flavours";
import type { LineItem, PlatformContext, PlatformUser } from "./model";
import { startPlatform, type TestPlatform } from "./platform";
import { SCOPE } from "./vocabulary";

/** The gradebook's rows as text: each row's header and cells, as a person reads the table. */
async function gradebookRows(url: string): Promise<{ status: number; rows: string[][] }> {
  const response = await fetch(url);
  const html = await response.text();
  const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => cell[1]),
  );
  return { status: response.status, rows };
}

describe.each<Flavour>(["canvas", "moodle"])("the %s test platform's gradebook page", (flavour) => {
  let tool: FakeTool;
  let platform: TestPlatform;
  let course: PlatformContext;
  let teacher: PlatformUser;
  let ada: PlatformUser;
  let lineItem: LineItem;

  beforeEach(async () => {
    tool = await startFakeTool();
    platform = await startPlatform({ flavour, tool });
    tool.platform = platform;
    course = platform.addContext({ label: "DL101", title: "Deep learning maths" });
    teacher = platform.addUser({ name: "Tess Teacher" });
    platform.enrol(course, teacher, "instructor");
    ada = platform.addUser({ name: "Ada Lovelace" });
    platform.enrol(course, ada, "learner");
    platform.enrol(course, platform.addUser({ name: "Bob Idle" }), "learner");
    const link = platform.addResourceLink({ context: course, title: "Section 7", lineItem: { scoreMaximum: 10 } });
    [lineItem] = platform.lineItems({ resourceLinkId: link.id });
  });

  afterEach(async () => {
    await platform.close();
    await tool.close();
  });

  it("lists each learner with no score before the tool sends one", async () => {
    const { status, rows } = await gradebookRows(platform.gradebookUrl({ context: course, user: teacher }));
    expect(status).toBe(200);
    expect(rows).toEqual([
      ["Student", "Score", "Activity progress", "Grading progress", "Scores received", "Timestamp"],
      ["Ada Lovelace", "—", "—", "—", "0", "—"],
      ["Bob Idle", "—", "—", "—", "0", "—"],
    ]);
  });

  it("shows the latest score a learner was sent, its progress and how many scores arrived", async () => {
    const token = await toolAccessToken(platform, tool, [SCOPE.score]);
    const first = new Date(Math.floor(Date.now() / 1000) * 1000);
    const second = new Date(first.getTime() + 2000);
    const score = (scoreGiven: number, timestamp: Date, activityProgress: string) => ({
      userId: ada.sub,
      scoreGiven,
      scoreMaximum: 10,
      activityProgress,
      gradingProgress: "FullyGraded",
      timestamp: timestamp.toISOString(),
    });
    expect((await postToolScore(lineItem.url, token, score(4, first, "Submitted"))).ok).toBe(true);
    expect((await postToolScore(lineItem.url, token, score(7, second, "Completed"))).ok).toBe(true);
    const { rows } = await gradebookRows(platform.gradebookUrl({ context: course, user: teacher }));
    expect(rows.slice(1)).toEqual([
      ["Ada Lovelace", "7 / 10", "Completed", "FullyGraded", "2", second.toISOString()],
      ["Bob Idle", "—", "—", "—", "0", "—"],
    ]);
  });

  it("refuses a learner (403) and a request that names no user (400)", async () => {
    expect((await fetch(platform.gradebookUrl({ context: course, user: ada }))).status).toBe(403);
    expect((await fetch(platform.gradebookUrl({ context: course, user: teacher }).replace(/\?.*$/, ""))).status).toBe(400);
  });
});
