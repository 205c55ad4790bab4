import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

// The checks test/e2e/every-page.spec.ts makes on every page (issue 25): no
// horizontal overflow outside a scroll box, no console error, no axe-core
// violation. Each returns what it found as sentences naming the page and
// width, so that a role's test can report every failure at once.

/** The widths issue 25 names: a phone (390 px) and a common laptop (1366 px). */
export const WIDE = { width: 1366, height: 768 };
export const NARROW = { width: 390, height: 844 };

/** WCAG 2.1 A and AA: what the issue asks for, without axe's best-practice rules. */
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * Console errors and uncaught page errors, gathered from the moment it is
 * made; `take()` hands over those since the last call, so that each is
 * charged to the page that was showing.
 */
export function watchConsole(page: Page): { take(): string[] } {
  let errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  return {
    take() {
      const taken = errors;
      errors = [];
      return taken;
    },
  };
}

/**
 * Horizontal overflow at the current viewport: the document scrolling
 * sideways, and each element (outermost only) whose box reaches past the
 * viewport's right or left edge without a scroll box (overflow-x auto or
 * scroll) or a clipping box between it and the page, and each text that
 * does (hidden elements count too: they widen the page all the same).
 */
export async function overflowProblems(page: Page): Promise<string[]> {
  // Let the layout settle after a resize: two frames.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  return page.evaluate(() => {
    const problems: string[] = [];
    const root = document.scrollingElement ?? document.documentElement;
    const width = root.clientWidth;
    if (root.scrollWidth > width) problems.push(`the page scrolls sideways (${root.scrollWidth} px wide in ${width} px)`);

    const contains = (style: CSSStyleDeclaration) => ["auto", "scroll", "hidden", "clip"].includes(style.overflowX);
    const selectorOf = (element: Element): string => {
      const parts: string[] = [];
      for (let node: Element | null = element; node && node !== document.body && parts.length < 4; node = node.parentElement) {
        if (node.id) {
          parts.unshift(`#${node.id}`);
          break;
        }
        const classes = [...node.classList].slice(0, 2).map((name) => `.${name}`);
        parts.unshift(node.tagName.toLowerCase() + classes.join(""));
      }
      return parts.join(" > ");
    };
    /** Whether an element or one of its ancestors scrolls or clips sideways. */
    const insideBox = (element: Element | null): boolean => {
      for (let node = element; node && node !== document.documentElement; node = node.parentElement) {
        if (contains(getComputedStyle(node))) return true;
      }
      return false;
    };
    const visit = (element: Element, parentContained: boolean) => {
      const style = getComputedStyle(element);
      if (style.display === "none" || style.position === "fixed") return;
      // An absolutely positioned element (a visually hidden label) escapes every scroll box
      // below its containing block: it widens the page unless that block, or a box around it, scrolls.
      const contained = style.position === "absolute" && element instanceof HTMLElement ? insideBox(element.offsetParent) : parentContained;
      if (!contained) {
        const box = element.getBoundingClientRect();
        const sticksOut = box.width > 0 && box.height > 0 && (box.right > width + 0.5 || box.left < -0.5);
        if (sticksOut) {
          problems.push(`${selectorOf(element)} sticks out (${Math.round(box.left)}…${Math.round(box.right)} px of ${width})`);
          return; // its children stick out with it: the outermost names the fault
        }
      }
      const inner = contained || contains(style);
      if (!inner) {
        // Text wider than its element (a long link with nowhere to break) sticks out with no element to show for it.
        for (const node of element.childNodes) {
          if (node.nodeType !== Node.TEXT_NODE || !node.textContent?.trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(node);
          const box = range.getBoundingClientRect();
          if (box.right > width + 0.5 || box.left < -0.5) {
            problems.push(
              `the text "${node.textContent.trim().slice(0, 40)}" in ${selectorOf(element)} sticks out (${Math.round(box.left)}…${Math.round(box.right)} px of ${width})`,
            );
          }
        }
      }
      for (const child of element.children) visit(child, inner);
    };
    visit(document.body, false);
    return problems;
  });
}

/** WCAG 2.1 A/AA violations axe-core finds, each with up to three of the elements at fault. */
export async function axeProblems(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return violations.map((violation) => {
    const targets = violation.nodes.slice(0, 3).map((node) => node.target.join(" "));
    const more = violation.nodes.length > 3 ? ` and ${violation.nodes.length - 3} more` : "";
    return `axe ${violation.id} (${violation.help}): ${targets.join(", ")}${more}`;
  });
}
