import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { signIn } from "./support/sign-in";

const instructor = DEMO_ACCOUNTS.find((a) => a.role === "INSTRUCTOR")!;
const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;

/** A small CNN as print(model) shows it in PyTorch 2.x. */
const PRINTED_CNN = `SmallNet(
  (features): Sequential(
    (0): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))
    (1): ReLU(inplace=True)
    (2): MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)
  )
  (flatten): Flatten(start_dim=1, end_dim=-1)
  (classifier): Linear(in_features=4096, out_features=10, bias=True)
)`;

test.describe("importing a PyTorch model", () => {
  test("an instructor pastes a printed CNN, previews, validates and publishes the problem; an Upsample is refused by name", async ({
    page,
  }) => {
    test.setTimeout(90_000);
    const slug = `cnn-import-${Date.now().toString(36)}`;
    const title = `Imported CNN ${slug}`;

    await signIn(page, instructor.email, instructor.password);
    await expect(page).toHaveURL(/\/author$/);
    await page.goto("/author/problems");
    await page.getByRole("link", { name: "Import a PyTorch model" }).first().click();
    await expect(page).toHaveURL(/\/author\/problems\/import/);

    // An unsupported layer: refused, with the layer named and what to do.
    await page.getByLabel("Model", { exact: true }).fill("nn.Sequential(\n  nn.Conv2d(3, 8, 3),\n  nn.Upsample(scale_factor=2),\n)");
    await page.getByLabel("Input shape, batch first").fill("(1, 3, 32, 32)");
    await page.getByRole("button", { name: "Make the problem" }).click();
    const error = page.getByTestId("import-error");
    await expect(error).toContainText("line 3, column 3: layer 2, Upsample");
    await expect(error).toContainText('unsupported layer "Upsample"');
    await expect(error).toContainText("Remove or replace this layer.");
    await expect(page.getByLabel("Problem document")).toHaveCount(0);

    await page.getByLabel("Model", { exact: true }).fill(PRINTED_CNN);
    await page.getByLabel("Slug", { exact: true }).fill(slug);
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByRole("button", { name: "Make the problem" }).click();
    await expect(page.getByTestId("import-done")).toBeVisible();
    await expect(page.getByTestId("diagnostics")).toContainText("No errors: the document compiles.");

    // Seed 0 is the model as pasted.
    const preview = page.getByTestId("problem-preview");
    await expect(preview.getByRole("heading", { name: title })).toBeVisible();
    await expect(preview).toContainText("Conv2d(in_channels=3, out_channels=16, kernel_size=3, stride=1, padding=1)");
    await preview.getByLabel("Answer a.1", { exact: true }).fill("(N, 16, 32, 32)");
    await preview.getByRole("button", { name: "Try this answer to a.1", exact: true }).click();
    await expect(preview.locator('[data-part-id="a.1"]')).toContainText("Correct");
    await preview.getByLabel("Answer b.1", { exact: true }).fill(String(3 * 16 * 3 * 3));
    await preview.getByRole("button", { name: "Try this answer to b.1", exact: true }).click();
    await expect(preview.locator('[data-part-id="b.1"]')).toContainText("Each output channel also has a bias.");
    await preview.getByLabel("Answer a.1.h", { exact: true }).fill("30");
    await preview.getByRole("button", { name: "Try this answer to a.1.h", exact: true }).click();
    await expect(preview.locator('[data-part-id="a.1.h"]')).toContainText("This is the height without padding");

    await page.getByRole("button", { name: "Validate on 50 seeds" }).click();
    await expect(page.getByTestId("validation-report")).toContainText("Valid on seeds 0 to 49");
    await page.getByRole("button", { name: "Publish a new version" }).click();
    await expect(page.getByTestId("published")).toContainText(`Published ${slug} version 1.`);
    await page.goto("/author/problems");
    await expect(page.getByRole("link", { name: title })).toBeVisible();
  });

  test("a student cannot open the import page", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto("/author/problems/import");
    await expect(page).toHaveURL(/\/forbidden/);
  });
});
