import type { Element, ElementContent, Root, RootContent } from "hast";
import { unified } from "unified";
import remarkParse from "remark-parse";
import remarkMath from "remark-math";
import remarkRehype from "remark-rehype";
import rehypeStringify from "rehype-stringify";
import { LruCache } from "@/grader/lru-cache";
import { texToHtml } from "./tex-html";

// Markdown with LaTeX to HTML, as problem statements, prompts, hints and
// choice options are written ($…$ inline, $$…$$ display).
//
// Not react-markdown with rehype-katex: rehype-katex parses KaTeX's HTML
// back into a syntax tree, which cost over 20 times KaTeX itself. So
// formulas go in as KaTeX's HTML string unparsed (`raw` nodes, which only
// this file creates), and each text's HTML is cached: the same prompt is
// shown to every student.
//
// Safety: raw HTML written in the Markdown is dropped (remark-rehype without
// allowDangerousHtml), KaTeX escapes what it renders and trusts no commands,
// and link and image addresses keep only the protocols react-markdown allows.

const SAFE_PROTOCOL = /^(https?|ircs?|mailto|xmpp)$/i;

/** react-markdown's rule: relative addresses and the protocols above; anything else becomes empty. */
export function safeUrl(url: string): string {
  const colon = url.indexOf(":");
  const questionMark = url.indexOf("?");
  const numberSign = url.indexOf("#");
  const slash = url.indexOf("/");
  if (
    colon === -1 ||
    (slash !== -1 && colon > slash) ||
    (questionMark !== -1 && colon > questionMark) ||
    (numberSign !== -1 && colon > numberSign) ||
    SAFE_PROTOCOL.test(url.slice(0, colon))
  ) {
    return url;
  }
  return "";
}

function classesOf(node: Element): string[] {
  const names = node.properties?.className;
  return Array.isArray(names) ? names.map(String) : [];
}

function textOf(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type === "element") return node.children.map(textOf).join("");
  return "";
}

/** remark-math's formulas (code.math-inline, pre > code.math-display) as KaTeX HTML; links made safe; paragraphs as spans when inline. */
function transform(children: RootContent[], inline: boolean): RootContent[] {
  return children.map((node): RootContent => {
    if (node.type !== "element") return node;
    if (node.tagName === "code" && classesOf(node).includes("math-inline")) {
      return { type: "raw", value: texToHtml(textOf(node), false) };
    }
    if (node.tagName === "pre") {
      const code = node.children.find((child): child is Element => child.type === "element" && child.tagName === "code");
      if (code && classesOf(code).includes("math-display")) return { type: "raw", value: texToHtml(textOf(code), true) };
    }
    const properties = { ...node.properties };
    if (node.tagName === "a" && typeof properties.href === "string") properties.href = safeUrl(properties.href);
    if (node.tagName === "img" && typeof properties.src === "string") properties.src = safeUrl(properties.src);
    const inlineParagraph = inline && node.tagName === "p";
    return {
      ...node,
      tagName: inlineParagraph ? "span" : node.tagName,
      properties: inlineParagraph ? { ...properties, className: ["md-inline-paragraph"] } : properties,
      children: transform(node.children, inline) as ElementContent[],
    };
  });
}

function processor(inline: boolean) {
  return unified()
    .use(remarkParse)
    .use(remarkMath)
    .use(remarkRehype)
    .use(() => (tree: Root) => ({ ...tree, children: transform(tree.children, inline) }))
    .use(rehypeStringify, { allowDangerousHtml: true });
}

const processors = { block: processor(false), inline: processor(true) };

// Texts kept, bounded by count and by size. Statements are shared by every
// student, but prompts that show a student's own numbers are one per student
// (a class of 600 opening cnn-shapes makes some 10,000), so the bounds are
// sized for a class; the size bound stops long per-student texts from
// growing past it. Figures: BENCHMARKS.md, "Problem page".
const CACHE_TEXTS = 20_000;
const CACHE_CHARACTERS = 8_000_000;
const cache = new LruCache<string>(CACHE_TEXTS, { maxWeight: CACHE_CHARACTERS, weigh: (html) => html.length });

/** The HTML of a Markdown-with-LaTeX text; `inline` renders paragraphs as spans (for labels and table cells). */
export function markdownToHtml(source: string, inline = false): string {
  return cache.getOrCreate(`${inline ? "i" : "b"}:${source}`, () =>
    String((inline ? processors.inline : processors.block).processSync(source)),
  );
}
