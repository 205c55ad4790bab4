import { expect, test } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { SHOWN_SUBMISSIONS } from "../../app/components/problem/problem-state";
import { addChainRuleAssessment, addDemoStudent } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// The problem page's list of submissions over a term of practice: the
// newest are listed, the older ones are one link away, and no earlier
// answer is sent to the browser (the list never shows answers).

const OLDER = 2;
/** Wrong in every submission but the last; the last is right, so it is the draft the page starts from. */
const EARLIER_ANSWER = "l x m";
const LAST_ANSWER = "m x l";

test("a student with more submissions than the page lists sees the newest, then all of them without losing a draft, and none of the earlier answers is in the page", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const id = `e2e-history-${Date.now()}-${randomBytes(3).toString("hex")}`;
  // No attempt limit (the column's default): practice, as many tries as the student likes.
  await addChainRuleAssessment(id, { slug: id, title: `Practice ${id}` });
  const student = await addDemoStudent("history");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);

  const total = SHOWN_SUBMISSIONS + OLDER;
  for (let attempt = 1; attempt <= total; attempt++) {
    const answer = attempt === total ? LAST_ANSWER : EARLIER_ANSWER;
    const response = await page.request.post(`/api/problems/chain-rule/submissions?assessmentId=${id}`, {
      data: { answers: { "a.dims": answer } },
    });
    expect(response.status(), `attempt ${attempt}`).toBe(201);
  }

  const pageUrl = `/assessments/${id}/problems/chain-rule`;
  const html = await (await page.request.get(pageUrl)).text();
  expect(html).toContain(LAST_ANSWER);
  expect(html).not.toContain(EARLIER_ANSWER);

  await page.goto(pageUrl);
  const listed = page.getByTestId("history").locator(":scope > li");
  await expect(listed).toHaveCount(SHOWN_SUBMISSIONS);
  await expect(listed.first()).toContainText(`Attempt ${total}`);
  await expect(listed.last()).toContainText(`Attempt ${OLDER + 1}`);
  await expect(page.getByTestId("older-submissions")).toHaveText(
    `${OLDER} older submissions are not listed. Show all ${total} submissions`,
  );
  await expect(page.getByLabel("Answer a.dims")).toHaveValue(LAST_ANSWER);

  // A draft typed before asking for all survives it: the page is not reloaded.
  await page.getByLabel("Answer a.dims").fill("m x m");
  await page.getByRole("link", { name: `Show all ${total} submissions` }).click();
  await expect(page).toHaveURL(new RegExp(`${pageUrl}\\?history=all#history-heading$`));
  await expect(listed).toHaveCount(total);
  await expect(listed.last()).toContainText("Attempt 1");
  await expect(page.getByTestId("older-submissions")).toHaveCount(0);
  await expect(page.getByLabel("Answer a.dims")).toHaveValue("m x m");
});

test("the JSON history lists a page at a time, newest first, and refuses a bad page with a 400 naming the parameter", async ({ page }) => {
  test.setTimeout(90_000);
  const id = `e2e-history-api-${Date.now()}-${randomBytes(3).toString("hex")}`;
  await addChainRuleAssessment(id, { slug: id, title: `Practice ${id}` });
  const student = await addDemoStudent("history-api");
  await signIn(page, student.email, student.password);
  await expect(page).toHaveURL(/\/courses$/);
  const api = `/api/problems/chain-rule/submissions?assessmentId=${id}`;
  // Attempt n answers DIMS[n - 1], so that each page's newest answer shows which attempt it is.
  const DIMS = ["l x m", "m x l", "l x l", "m x m", "l x m", "m x l", "l x l"];
  for (let attempt = 1; attempt <= DIMS.length; attempt++) {
    const response = await page.request.post(api, { data: { answers: { "a.dims": DIMS[attempt - 1] } } });
    expect(response.status(), `attempt ${attempt}`).toBe(201);
  }

  const pageOf = async (query: string) => {
    const response = await page.request.get(`${api}${query}`);
    expect(response.status(), query).toBe(200);
    const body = (await response.json()) as {
      submissions: { attempt: number; answers: Record<string, string> }[];
      nextBefore: number | null;
    };
    return { attempts: body.submissions.map((s) => s.attempt), nextBefore: body.nextBefore, newest: body.submissions[0]?.answers };
  };
  expect(await pageOf("")).toEqual({ attempts: [7, 6, 5, 4, 3, 2, 1], nextBefore: null, newest: { "a.dims": DIMS[6] } });
  expect(await pageOf("&limit=3")).toEqual({ attempts: [7, 6, 5], nextBefore: 5, newest: { "a.dims": DIMS[6] } });
  expect(await pageOf("&limit=3&before=5")).toEqual({ attempts: [4, 3, 2], nextBefore: 2, newest: { "a.dims": DIMS[3] } });
  expect(await pageOf("&limit=3&before=2")).toEqual({ attempts: [1], nextBefore: null, newest: { "a.dims": DIMS[0] } });

  for (const [query, named] of [
    ["&limit=0", "limit"],
    ["&limit=101", "limit"],
    ["&before=latest", "before"],
  ]) {
    const refused = await page.request.get(`${api}${query}`);
    expect(refused.status(), query).toBe(400);
    const { error } = (await refused.json()) as { error: { code: string; message: string } };
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.message).toContain(`${named}: `);
  }
});
