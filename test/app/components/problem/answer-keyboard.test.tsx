import { renderToStaticMarkup } from "react-dom/server";
import { AnswerInput } from "@/app/components/problem/answer-input";
import { emptyDraft } from "@/app/components/problem/draft";
import { publicPart } from "./sample-data";

// What a phone is told about each typed answer's box, read from the HTML the
// page serves. inputmode="decimal" or "numeric" would hide the minus, times
// and plus that answers such as "3*16*3*3 + 16" need (answer-keyboard.ts).
const TYPED_ANSWER_PARTS = [
  ["matrix cells", "chain-rule", "c.value"],
  ["an integer box", "zero-init", "d.symmetry"],
  ["a number box", "zero-init", "a.y"],
  ["a shape box", "chain-rule", "b.shape"],
  ["a dimensions box", "chain-rule", "a.dims"],
  ["an expression box", "chain-rule", "a.formula"],
] as const;

/** The answer boxes a part renders: every <input type="text">, with its attributes (named in lower case, as HTML reads them). */
function typedAnswerBoxes(slug: string, partId: string): Record<string, string>[] {
  const part = publicPart(slug, partId);
  const html = renderToStaticMarkup(
    <AnswerInput part={part} optionTexts={{}} draft={emptyDraft(part.answer)} onChange={() => {}} describedBy="prompt" />,
  );
  const inputs = html.match(/<input [^>]*type="text"[^>]*>/g) ?? [];
  return inputs.map((input) =>
    Object.fromEntries([...input.matchAll(/([a-zA-Z-]+)="([^"]*)"/g)].map(([, name, value]) => [name.toLowerCase(), value])),
  );
}

describe("the phone keyboard for typed answers", () => {
  it.each(TYPED_ANSWER_PARTS)("offers the full text keyboard, with minus, times and plus, for %s (%s %s)", (_, slug, partId) => {
    const boxes = typedAnswerBoxes(slug, partId);
    expect(boxes.length).toBeGreaterThan(0);
    for (const box of boxes) {
      expect({
        inputmode: box.inputmode,
        autocomplete: box.autocomplete,
        autocorrect: box.autocorrect,
        autocapitalize: box.autocapitalize,
        spellcheck: box.spellcheck,
      }).toEqual({ inputmode: "text", autocomplete: "off", autocorrect: "off", autocapitalize: "off", spellcheck: "false" });
    }
  });

  it("gives a matrix one such box per cell (the default 2×2 grid: four)", () => {
    expect(typedAnswerBoxes("chain-rule", "c.value")).toHaveLength(4);
  });
});
