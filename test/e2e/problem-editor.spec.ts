import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { signIn } from "./support/sign-in";
import { submitConfirmingBlanks } from "./support/submit-form";
import { commentedLinearLayerYaml } from "../lib/authoring/documents";

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;

/** The example document of grader/bank/examples, under a slug and title of this run's own. */
function tanhDocument(slug: string, title: string): string {
  const document = JSON.parse(readFileSync(path.join(__dirname, "../../grader/bank/examples/two-layer-tanh.json"), "utf8"));
  delete document.$schema;
  return JSON.stringify({ ...document, slug, title }, null, 2);
}

test.describe("the problem editor", () => {
  test("an instructor authors a problem, sees a located error, previews seed 3, publishes to an assessment; a student answers it", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const slug = `tanh-e2e-${Date.now().toString(36)}`;
    const title = `Two-layer tanh ${slug}`;
    const text = tanhDocument(slug, title);

    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await page.getByRole("link", { name: "Write a new problem" }).click();
    await expect(page).toHaveURL(/\/author\/problems\/new/);
    const editor = page.getByLabel("Problem document");
    const diagnostics = page.getByTestId("diagnostics");
    // The starter document compiles as it is.
    await expect(diagnostics).toContainText("No errors: the document compiles.");

    // A typo in a reference: located by line, column and document path, as it is typed.
    const typo = text.replace('"reference": "grad(L, W2)"', '"reference": "grad(L, W22)"');
    const typoLine = typo.split("\n").findIndex((line) => line.includes("grad(L, W22)")) + 1;
    const typoColumn = typo.split("\n")[typoLine - 1].indexOf('"grad(L, W22)"') + 1;
    await editor.fill(typo);
    await expect(diagnostics).toContainText(`Line ${typoLine}, column ${typoColumn}`);
    await expect(diagnostics).toContainText("parts[1].reference");
    await expect(diagnostics).toContainText("W22");
    await expect(page.getByRole("button", { name: "Publish a new version" })).toBeDisabled();
    // A JSON syntax error is located too.
    await editor.fill(text.replace('"title": ', '"title" '));
    await expect(diagnostics).toContainText("Line 3, column 11");
    await expect(diagnostics).toContainText("Not valid JSON: expected ':' after the property name");

    await editor.fill(text);
    await expect(diagnostics).toContainText("No errors: the document compiles.");

    // The preview for seed 3, with references and local grading.
    await page.getByLabel("Seed").fill("3");
    const preview = page.getByTestId("problem-preview");
    await expect(preview.getByRole("heading", { name: title })).toBeVisible();
    await expect(preview.getByRole("heading", { name: "Your parameters" })).toBeVisible();
    await expect(preview.locator('[data-part-id="e.dW1"]')).toContainText("Reference answer");
    await expect(preview.locator('[data-part-id="b.dW2"]')).toContainText("Reference answer: (y - t) * z.T");
    await preview.getByLabel("Answer a.z").fill("W1 @ x + b1");
    await preview.getByRole("button", { name: "Try this answer to a.z" }).click();
    await expect(preview.locator('[data-part-id="a.z"]')).toContainText("Not correct");
    await expect(preview.locator('[data-part-id="a.z"]')).toContainText("apply tanh");
    await preview.getByLabel("Answer a.z").fill("tanh(W1 @ x + b1)");
    await preview.getByRole("button", { name: "Try this answer to a.z" }).click();
    await expect(preview.locator('[data-part-id="a.z"]')).toContainText("Correct");

    await page.getByRole("button", { name: "Validate on 50 seeds" }).click();
    await expect(page.getByTestId("validation-report")).toContainText("Valid on seeds 0 to 49");
    await page.getByRole("button", { name: "Publish a new version" }).click();
    await expect(page.getByTestId("published")).toContainText(`Published ${slug} version 1.`);

    // Into a new assessment, through the assessment editor.
    await page.getByTestId("published").getByRole("link", { name: "a new assessment" }).click();
    await page.getByLabel("Title").fill(`Authored ${slug}`);
    await page.getByLabel("Slug (in links)").fill(slug);
    await page.getByLabel(`Include ${title}`).check();
    await page.getByLabel(`Points of ${title}`).fill("13");
    await page.getByRole("button", { name: "Create assessment" }).click();
    await expect(page).toHaveURL(/\/author\/assessments\/[^/]+$/);
    const assessmentId = page.url().split("/").pop()!;
    await page.getByRole("button", { name: "Publish to students" }).click();
    await expect(page.getByRole("button", { name: /Unpublish/ })).toBeVisible();

    await page.getByRole("button", { name: "Sign out" }).click();
    await expect(page).toHaveURL(/\/signin/);
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/assessments/${assessmentId}/problems/${slug}`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
    await page.getByLabel("Answer a.z").fill("tanh(W1 @ x + b1)");
    await page.getByLabel("Answer b.dW2").fill("(y - t) * z.T");
    await submitConfirmingBlanks(page);
    // a.z is 1 point and b.dW2 2 of the document's 13, placed at 13 points.
    await expect(page.getByTestId("submit-banner")).toContainText("Attempt 1 graded: 3 of 13 points.");
  });

  test("an instructor's commented YAML with CRLF line endings is kept: the editor reopens it and every download is byte-identical", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const slug = `kept-e2e-${Date.now().toString(36)}`;
    const text = commentedLinearLayerYaml(slug);
    const bytes = Buffer.from(text, "utf8");

    await signIn(page, instructor.email, instructor.password);
    await page.getByRole("link", { name: "Write a new problem" }).click();
    await page.getByText("Import and export").click();
    await page
      .getByLabel("Import a file (.json, .yaml)")
      .setInputFiles({ name: `${slug}.yaml`, mimeType: "application/yaml", buffer: bytes });
    await expect(page.getByTestId("diagnostics")).toContainText("No errors: the document compiles.");
    await page.getByRole("button", { name: "Publish a new version" }).click();
    await expect(page.getByTestId("published")).toContainText(`Published ${slug} version 1.`);
    // The editor itself is at /author/problems/new, so wait for the link's own address, not any problem path.
    const openVersion = page.getByTestId("published").getByRole("link", { name: "Open version 1" });
    const problemPath = (await openVersion.getAttribute("href"))!;
    expect(problemPath).toMatch(/^\/author\/problems\/(?!new$)[^/]+$/);
    await openVersion.click();
    await expect(page).toHaveURL(problemPath);

    // The editor opens the author's text, comments included (a textarea's value always has "\n" line breaks).
    const editor = page.getByLabel("Problem document");
    await expect(editor).toHaveValue(text.replace(/\r\n/g, "\n"));
    await expect(editor).toHaveValue(/^# Linear layer — ∂L\/∂W for L = ½‖y‖²; kept in git, diffed by hand\.\n/);

    // The version's download, the editor's own download and the export route for scripts all give the published bytes.
    const [published] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "YAML as published" }).click()]);
    expect(published.suggestedFilename()).toBe(`${slug}.v1.yaml`);
    expect(readFileSync(await published.path()).equals(bytes)).toBe(true);
    await page.getByText("Import and export").click();
    const [fromEditor] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Download YAML" }).click()]);
    expect(readFileSync(await fromEditor.path()).equals(bytes)).toBe(true);
    const raw = await page.request.get(`${problemPath}/export`);
    expect(raw.headers()["x-chainrule-document-form"]).toBe("as-published");
    expect((await raw.body()).equals(bytes)).toBe(true);
    const asJson = await page.request.get(`${problemPath}/export`, { headers: { Accept: "application/json" } });
    expect(await asJson.json()).toEqual({ fileName: `${slug}.v1.yaml`, format: "yaml", form: "as-published", note: null, text });

    // Publishing the same problem again makes no version.
    await page.getByRole("button", { name: "Publish a new version" }).click();
    await expect(page.getByText(`Nothing changed since version 1 of "${slug}"`)).toBeVisible();
  });

  test("a TA may not open the problem editor", async ({ page }) => {
    const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;
    await signIn(page, ta.email, ta.password);
    await expect(page).toHaveURL(/\/gradebook$/);
    for (const target of ["/author/problems", "/author/problems/new"]) {
      await page.goto(target);
      await expect(page).toHaveURL(/\/forbidden/);
    }
  });
});
