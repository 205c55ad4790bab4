import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import { readdirSync } from "node:fs";
import path from "node:path";

// What every page must pass, at every width (issue 25), used by
// test/e2e/every-page.spec.ts. Each check returns what it found wrong, in
// words a reader can act on; an empty list is a pass.

const APP_DIR = path.join(__dirname, "..", "..", "..", "app");

/**
 * Every page of the app as its route pattern ("/gradebook/[assessmentId]"),
 * from the app/ tree: a folder with a page.tsx is a page; route groups
 * such as "(student)" add no segment.
 */
export function appRoutes(dir = APP_DIR, segments: string[] = []): string[] {
  const routes: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") routes.push(`/${segments.join("/")}`);
    if (entry.isDirectory()) {
      const group = /^\(.*\)$/.test(entry.name);
      routes.push(...appRoutes(path.join(dir, entry.name), group ? segments : [...segments, entry.name]));
    }
  }
  return routes.sort();
}

/** WCAG 2.0 and 2.1, levels A and AA. */
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe-core's violations on the page as it stands: "rule-id (impact): the
 * elements". Legacy mode runs axe in the page's own frames rather than
 * opening a blank page per scan: the app has no cross-origin frames, and
 * it halves the time a scan takes.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).setLegacyMode(true).analyze();
  return violations.map((v) => `axe ${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((node) => node.target.join(" ")).join(" | ")}`);
}

/**
 * Whether the page scrolls sideways; if it does, the elements that stick out
 * of a parent that fits, outside any box that scrolls (or clips) itself:
 * those are the ones to fix.
 */
export function horizontalOverflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth <= width) return [];
    const clips = (el: Element) => ["auto", "scroll", "hidden", "clip"].includes(getComputedStyle(el).overflowX);
    const sticksOut = (el: Element) => el.getBoundingClientRect().right > width + 0.5;
    const insideScrollBox = (el: Element) => {
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) if (clips(a)) return true;
      return false;
    };
    const name = (el: Element) =>
      `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${[...el.classList].map((c) => `.${c}`).join("")}> ` +
      `"${(el.textContent ?? "").trim().slice(0, 40)}" reaches ${Math.round(el.getBoundingClientRect().right)} px`;
    const outside = [...document.body.querySelectorAll("*")].filter((el) => sticksOut(el) && !insideScrollBox(el));
    // The ones sticking out of a parent that fits; failing that (the page's own column is too wide), the innermost.
    const spilling = outside.filter((el) => !(el.parentElement && sticksOut(el.parentElement)));
    const innermost = outside.filter((el) => ![...el.children].some(sticksOut));
    const culprits = (spilling.length > 0 ? spilling : innermost).slice(0, 5);
    return [
      `the page is ${document.documentElement.scrollWidth} px wide in a ${width} px viewport: ${culprits.map(name).join("; ") || "no single element found"}`,
    ];
  });
}

/**
 * Collects, from now on, what the browser reports as wrong: console errors,
 * uncaught exceptions and responses of 400 or more (a missing favicon, say).
 */
export function watchForErrors(page: Page): string[] {
  const found: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") found.push(`console error: ${message.text()} (${message.location().url || "no source"})`);
  });
  page.on("pageerror", (error) => found.push(`uncaught: ${error.message}`));
  page.on("response", (response) => {
    if (response.status() >= 400) found.push(`HTTP ${response.status()} for ${response.url()}`);
  });
  return found;
}
