// Markdown with LaTeX to HTML, as the problem pages show statements,
// prompts, hints and options.
import { markdownToHtml, safeUrl } from "@/app/components/math/markdown-html";
import { BANK } from "@/grader/bank";
import { buildVariant } from "@/grader/problems";

describe("markdownToHtml", () => {
  it("renders inline and display formulas with KaTeX, and the Markdown around them", () => {
    const html = markdownToHtml("The **input** is $x \\in \\mathbb{R}^d$.\n\n$$\nW^{(0)} x + b\n$$");
    expect(html).toContain("<strong>input</strong>");
    expect(html).toMatch(/<span class="katex">.*<annotation encoding="application\/x-tex">x \\in \\mathbb\{R\}\^d<\/annotation>/s);
    expect(html).toContain('<span class="katex-display">');
    expect(html).not.toContain("$");
  });

  it("drops raw HTML written in the Markdown", () => {
    const html = markdownToHtml('Hello <script>alert(1)</script><img src=x onerror="alert(2)"> world');
    expect(html).not.toMatch(/<script|onerror|<img/);
    expect(html).toContain("Hello");
  });

  it("keeps safe link addresses and empties the others", () => {
    expect(markdownToHtml("[docs](https://pytorch.org/docs)")).toContain('href="https://pytorch.org/docs"');
    expect(markdownToHtml("[page](/courses)")).toContain('href="/courses"');
    expect(markdownToHtml("[x](javascript:alert(1))")).toContain('href=""');
    expect(safeUrl("JAVASCRIPT:alert(1)")).toBe("");
    expect(safeUrl("data:text/html,hi")).toBe("");
    expect(safeUrl("mailto:staff@chainrule.test")).toBe("mailto:staff@chainrule.test");
  });

  it("renders paragraphs as spans in inline mode, for labels", () => {
    const html = markdownToHtml("Zero $W$ makes every hidden unit equal", true);
    expect(html).toMatch(/^<span class="md-inline-paragraph">Zero <span class="katex">/);
    expect(html).not.toContain("<p>");
  });

  it("shows a broken formula in red instead of failing", () => {
    expect(markdownToHtml("bad $\\frac{1}{$ formula")).toContain("katex-error");
  });

  it("renders every text of every bank problem's variant without a KaTeX error, and the same way twice", () => {
    for (const { problem } of BANK) {
      const variant = buildVariant(problem, 1234).public;
      const texts = [variant.statement, ...variant.parts.flatMap((part) => [part.prompt, ...part.hints])];
      for (const text of texts) {
        const html = markdownToHtml(text);
        expect(html).not.toContain("katex-error");
        expect(markdownToHtml(text)).toBe(html);
      }
    }
  });
});
