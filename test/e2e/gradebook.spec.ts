import { readFile } from "node:fs/promises";
import Papa from "papaparse";
import { expect, test, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn, signUpThroughInvite } from "./support/sign-in";

const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
// A student of its own, who joins through the invite link: the other specs
// work with the demo student, whose scores this spec must not change.
const student = { name: "Gina Gradebook", email: `gina-${Date.now()}@chainrule.test`, password: "gina-long-password" };

/** nn-backprop 2.1(d) without the (1 − z) factor: a known mistake, worth 0 of the part's 3 points. */
const HALF_DW0 = "(W1.T * z) @ x.T";
const COMMENT = "Full credit for 2.1(d): your working on paper has the (1 − z) factor.";

async function signInAs(page: Page, who: { email: string; password: string }, lands: RegExp) {
  await signIn(page, who.email, who.password);
  await expect(page).toHaveURL(lands);
}

/** The demo course's Section 07 assessment, as the signed-in user's JSON API lists it. */
async function section07Id(page: Page): Promise<string> {
  const response = await page.request.get("/api/assessments");
  expect(response.status()).toBe(200);
  const { courses } = (await response.json()) as { courses: { assessments: { id: string; slug: string }[] }[] };
  return courses.flatMap((c) => c.assessments).find((a) => a.slug === "section-07")!.id;
}

test.describe("the gradebook", () => {
  test("a TA overrides a score with a comment and downloads the CSV; the student sees the comment", async ({ browser }) => {
    // The student submits 2.1(d) with the σ′ factor half missing.
    const studentContext = await browser.newContext();
    const studentPage = await studentContext.newPage();
    await signUpThroughInvite(studentPage, (await demoIds()).inviteCode, student);
    await signInAs(studentPage, student, /\/courses$/);
    const assessmentId = await section07Id(studentPage);
    const submitted = await studentPage.request.post(`/api/problems/nn-backprop/submissions?assessmentId=${assessmentId}`, {
      data: { answers: { "d.dW0": HALF_DW0 } },
      headers: { "content-type": "application/json" },
    });
    expect(submitted.status()).toBe(201);
    expect((await submitted.json()).parts.find((p: { id: string }) => p.id === "d.dW0").score).toBe(0);

    // The TA opens the gradebook and the student's page.
    const taContext = await browser.newContext({ acceptDownloads: true });
    const taPage = await taContext.newPage();
    await signInAs(taPage, ta, /\/gradebook$/);
    await taPage.getByRole("link", { name: /Section 07/ }).click();
    await expect(taPage).toHaveURL(new RegExp(`/gradebook/${assessmentId}$`));
    await expect(taPage.getByRole("region", { name: "Gradebook" })).toBeVisible();
    const row = taPage.getByRole("row").filter({ has: taPage.getByRole("rowheader", { name: /Gina Gradebook/ }) });
    await expect(row.getByTestId(/cell-.*-nn-backprop/)).toHaveText(/^0\s*1 try$/);
    await row.getByRole("link", { name: "Gina Gradebook" }).click();
    await expect(taPage.getByRole("heading", { level: 1, name: "Gina Gradebook" })).toBeVisible();

    // It shows the submission's answer and feedback, and the form sets part d.dW0 to its full 3 points.
    const problem = taPage.getByRole("region", { name: /One-hidden-layer network/ });
    await expect(problem).toContainText("(1 − z) factor");
    await problem.getByLabel("Score to set").selectOption("d.dW0");
    await problem.getByLabel(/^Points/).fill("3");
    await problem.getByLabel(/^Comment for the student/).fill(COMMENT);
    await problem.getByRole("button", { name: "Set score" }).click();
    await expect(problem.getByRole("status")).toContainText("Saved");
    await expect(problem.getByRole("listitem").filter({ hasText: "Part d.dW0" })).toContainText(COMMENT);
    await expect(problem.getByRole("listitem").filter({ hasText: "Part d.dW0" })).toContainText("0% → 100%");

    // The gradebook shows the override and exports it.
    await taPage.getByRole("link", { name: "Grades" }).click();
    await expect(row.getByTestId(/cell-.*-nn-backprop/)).toContainText("override");
    await expect(row.getByTestId(/cell-.*-nn-backprop/)).toContainText("3");
    const [download] = await Promise.all([
      taPage.waitForEvent("download"),
      taPage.getByRole("link", { name: "Gradebook CSV (Canvas)" }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("ml-demo-section-07-gradebook.csv");
    const csv = await readFile((await download.path())!, "utf8");
    const [header, pointsPossible, ...rows] = Papa.parse<string[]>(csv.trimEnd()).data;
    expect(header.slice(0, 5)).toEqual(["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]);
    expect(pointsPossible[0]).toBe("    Points Possible");
    const nnColumn = header.findIndex((name) => name.endsWith(": One-hidden-layer network: forward and backward pass"));
    expect(nnColumn).toBeGreaterThan(4);
    expect(pointsPossible[nnColumn]).toBe("19");
    const studentRow = rows.find((r) => r[0] === "Gina Gradebook")!;
    expect(studentRow.slice(0, 5)).toEqual(["Gina Gradebook", "", "", student.email, ""]);
    expect(studentRow[nnColumn]).toBe("3");
    await taContext.close();

    // The student sees the comment on the problem page.
    await studentPage.goto(`/assessments/${assessmentId}/problems/nn-backprop`);
    await expect(studentPage.getByRole("heading", { name: "Adjusted by your course staff" })).toBeVisible();
    await expect(studentPage.getByText(COMMENT)).toBeVisible();
    const view = await studentPage.request.get(`/api/problems/nn-backprop/variant?assessmentId=${assessmentId}`);
    expect((await view.json()).standing.overrides).toEqual([expect.objectContaining({ partId: "d.dW0", score: 1, comment: COMMENT })]);

    // And the staff pages and API stay closed to the student.
    const refused = await studentPage.request.get(`/api/staff/assessments/${assessmentId}/gradebook`);
    expect(refused.status()).toBe(403);
    expect((await refused.json()).error.code).toBe("FORBIDDEN");
    const csvRefused = await studentPage.request.get(`/api/staff/assessments/${assessmentId}/exports/gradebook`);
    expect(csvRefused.status()).toBe(403);
    await studentPage.goto(`/gradebook/${assessmentId}`);
    await expect(studentPage).toHaveURL(/\/forbidden\?from=/);
    await studentContext.close();
  });
});
