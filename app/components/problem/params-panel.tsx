// No "use client": the student's page renders this on the server (rendered-texts.tsx), so KaTeX stays there.
import type { DisplayedParam } from "@/grader/problems/types";
import { matrixToLatex, matrixToNumpy } from "../math/latex";
import { Tex } from "../math/markdown-math";
import { CopyButton } from "./copy-button";

type MatrixParam = DisplayedParam & { display: { kind: "matrix"; value: number[][] } };

const isMatrix = (param: DisplayedParam): param is MatrixParam => param.display.kind === "matrix";

/** The variant's parameters: sizes and scalars in one compact list, then each matrix as a matrix with its copy buttons. */
export function ParamsPanel({ params }: { params: DisplayedParam[] }) {
  if (params.length === 0) return null;
  const plain = params.filter((param) => !isMatrix(param));
  const matrices = params.filter(isMatrix);
  return (
    <section className="card params-panel" aria-labelledby="params-heading">
      <h2 id="params-heading">Your parameters</h2>
      {plain.length > 0 && (
        <dl className="param-list">
          {plain.map((param) => (
            <PlainParam key={param.name} param={param} />
          ))}
        </dl>
      )}
      {matrices.length > 0 && (
        <div className="matrix-params">
          {matrices.map((param) => (
            <MatrixParamView key={param.name} param={param} />
          ))}
        </div>
      )}
    </section>
  );
}

function PlainParam({ param }: { param: DisplayedParam }) {
  const { display } = param;
  return (
    <div className="param-row">
      <dt>
        <Tex latex={param.latex} />
        {param.description && <span className="muted"> ({param.description})</span>}
      </dt>
      <dd>
        {display.kind === "text" ? (
          <code>{display.value}</code>
        ) : display.kind === "shape" ? (
          <code>({display.value.join(", ")})</code>
        ) : display.kind === "matrix" ? null : (
          <Tex latex={String(display.value)} />
        )}
      </dd>
    </div>
  );
}

function MatrixParamView({ param }: { param: MatrixParam }) {
  const rows = param.display.value;
  const shape = `${rows.length}×${rows[0]?.length ?? 0}`;
  return (
    <figure className="matrix-param">
      <Tex latex={`${param.latex} = ${matrixToLatex(rows)}`} display label={`${param.name}, ${shape}`} />
      <figcaption>
        <span className="muted">
          <code>{param.name}</code>, {shape}
          {param.description ? `, ${param.description}` : ""}
        </span>
        <span className="copy-buttons">
          <CopyButton label="Copy as NumPy" describes={param.name} text={`${param.name} = ${matrixToNumpy(rows)}`} />
          <CopyButton label="Copy as LaTeX" describes={param.name} text={matrixToLatex(rows)} />
        </span>
      </figcaption>
    </figure>
  );
}
