import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { DEMO_ACCOUNTS } from "../../lib/seed/seed-demo";
import { demoIds } from "./support/demo-db";
import { signIn } from "./support/sign-in";

// Dark mode (issue 25): the pages, KaTeX, the matrix grid and the plots
// follow the system's prefers-color-scheme, and pass axe's WCAG 2.1 A/AA
// rules in the dark scheme. Expected colours are the dark values of the
// custom properties in app/globals.css.

const student = DEMO_ACCOUNTS.find((a) => a.role === "STUDENT")!;
const ta = DEMO_ACCOUNTS.find((a) => a.role === "TA")!;

const WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];
/** Recharts' own axis colour (#666), which the light scheme keeps as --plot-axis. */
const LIGHT_PLOT_AXIS = "rgb(102, 102, 102)";
const DARK = {
  bg: "rgb(15, 18, 23)",
  fg: "rgb(230, 233, 238)",
  fieldBg: "rgb(13, 17, 23)",
  fieldLine: "rgb(125, 133, 144)",
  plotAxis: "rgb(163, 172, 185)",
};
const LIGHT = { bg: "rgb(251, 251, 250)", fg: "rgb(27, 31, 36)" };

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour: 0 is black, 1 white. */
function luminance(rgb: string): number {
  const channels = rgb
    .match(/\d+(\.\d+)?/g)!
    .slice(0, 3)
    .map(Number);
  const [r, g, b] = channels.map((c) => {
    const v = c / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

async function computed(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
}

async function expectDarkPage(page: Page) {
  const body = page.locator("body");
  const background = await computed(body, "background-color");
  const text = await computed(body, "color");
  expect(background).toBe(DARK.bg);
  expect(text).toBe(DARK.fg);
  expect(luminance(background)).toBeLessThan(0.05);
  expect(luminance(text)).toBeGreaterThan(0.6);
}

/** axe's WCAG 2.1 A and AA rules on the page as it stands; each violation listed by rule and element. */
async function expectNoAxeViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  expect(violations.flatMap((v) => v.nodes.map((node) => `${v.id}: ${node.target.join(" ")}: ${node.failureSummary}`))).toEqual([]);
}

test.describe("in the dark colour scheme", () => {
  test.use({ colorScheme: "dark" });

  test("a problem page is dark, its KaTeX takes the text colour and its matrix grid's cells and brackets follow the theme", async ({
    page,
  }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/assessments/${(await demoIds()).section07Id}/problems/nn-backprop`);
    const katex = page.locator(".statement .katex").first();
    await expect(katex).toBeVisible();
    await expectDarkPage(page);
    expect(await computed(katex, "color")).toBe(DARK.fg);

    const grid = page.getByRole("group", { name: /^Answer e\.dW0: / });
    const cell = grid.locator("input").first();
    await expect(cell).toBeVisible();
    expect(await computed(cell, "background-color")).toBe(DARK.fieldBg);
    expect(await computed(cell, "border-top-color")).toBe(DARK.fieldLine);
    expect(await computed(cell, "color")).toBe(DARK.fg);
    // The grid's brackets are drawn in the text colour.
    expect(await computed(grid, "border-left-color")).toBe(DARK.fg);

    await expectNoAxeViolations(page);
  });

  test("the zero-init plot draws its axes in the dark scheme's axis colour and its legend in the text colour", async ({ page }) => {
    await signIn(page, student.email, student.password);
    await expect(page).toHaveURL(/\/courses$/);
    await page.goto(`/assessments/${(await demoIds()).section07Id}/problems/zero-init`);
    const plot = page.getByRole("figure", { name: "Hidden units during gradient descent" });
    const tick = plot.locator(".recharts-cartesian-axis-tick-value").first();
    await expect(tick).toBeVisible();
    await expectDarkPage(page);
    const tickColour = await computed(tick, "fill");
    expect(tickColour).not.toBe(LIGHT_PLOT_AXIS);
    expect(tickColour).toBe(DARK.plotAxis);
    expect(await computed(plot.locator(".recharts-cartesian-axis-line").first(), "stroke")).toBe(DARK.plotAxis);
    // The legend's names are text, in the text colour (a series colour may be too faint to read).
    expect(await computed(plot.locator(".recharts-legend-item-text > span").first(), "color")).toBe(DARK.fg);

    await expectNoAxeViolations(page);
  });

  test("the staff gradebook is dark and passes axe", async ({ page }) => {
    await signIn(page, ta.email, ta.password);
    await expect(page).not.toHaveURL(/\/signin/);
    await page.goto(`/gradebook/${(await demoIds()).section07Id}`);
    await expect(page.locator(".gb-table")).toBeVisible();
    await expectDarkPage(page);
    await expectNoAxeViolations(page);
  });
});

test.describe("in the light colour scheme", () => {
  test.use({ colorScheme: "light" });

  test("a page keeps its light background and dark text", async ({ page }) => {
    await page.goto("/signin");
    const body = page.locator("body");
    expect(await computed(body, "background-color")).toBe(LIGHT.bg);
    expect(await computed(body, "color")).toBe(LIGHT.fg);
  });
});
