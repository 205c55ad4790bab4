import type { DisplayedParam } from "@/grader/problems/types";

/** A variant's parameters as plain text: staff need the numbers, not typesetting. */
export function VariantParams({ params }: { params: DisplayedParam[] }) {
  if (params.length === 0) return null;
  return (
    <dl className="gb-params">
      {params.map((param) => (
        <div key={param.name}>
          <dt>
            <code>{param.name}</code>
            {param.description && <span className="muted"> — {param.description}</span>}
          </dt>
          <dd>
            <code>{displayValue(param.display)}</code>
          </dd>
        </div>
      ))}
    </dl>
  );
}

function displayValue(display: DisplayedParam["display"]): string {
  switch (display.kind) {
    case "matrix":
      return `[${display.value.map((row) => `[${row.join(", ")}]`).join(", ")}]`;
    case "shape":
      return `(${display.value.join(", ")})`;
    default:
      return String(display.value);
  }
}
