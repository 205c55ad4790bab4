import type { PublicAnswerSpec } from "@/grader/problems";
import type { Json } from "@/grader/problems/types";
import { matrixToLatex } from "../math/latex";
import { MarkdownMath, Tex } from "../math/markdown-math";

const isNumberRows = (value: Json): value is number[][] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((row) => Array.isArray(row) && row.length > 0 && row.every((entry) => typeof entry === "number"));

/** A part's reference, once the assessment reveals it, in the form its kind is written in. */
export function ReferenceAnswer({ spec, reference }: { spec: PublicAnswerSpec; reference: Json }) {
  return (
    <div className="reference-answer">
      <span className="muted">Reference answer: </span>
      <ReferenceValue spec={spec} reference={reference} />
    </div>
  );
}

function ReferenceValue({ spec, reference }: { spec: PublicAnswerSpec; reference: Json }) {
  if (spec.kind === "choice") {
    const ids = typeof reference === "string" ? [reference] : Array.isArray(reference) ? reference : [];
    const texts = spec.options.filter((option) => ids.includes(option.id));
    return (
      <ul className="reference-options">
        {texts.map((option) => (
          <li key={option.id}>
            <MarkdownMath source={option.text} inline />
          </li>
        ))}
      </ul>
    );
  }
  if (spec.kind === "matrix" && isNumberRows(reference)) return <Tex latex={matrixToLatex(reference)} display label="Reference answer" />;
  if (spec.kind === "matrix" && Array.isArray(reference) && reference.every((entry) => typeof entry === "number")) {
    return <Tex latex={matrixToLatex((reference as number[]).map((entry) => [entry]))} display label="Reference answer" />;
  }
  if ((spec.kind === "shape" || spec.kind === "dimensions") && Array.isArray(reference)) {
    return <code>{spec.kind === "shape" ? `(${reference.join(", ")})` : reference.join(" × ")}</code>;
  }
  return <code>{typeof reference === "string" ? reference : JSON.stringify(reference)}</code>;
}
