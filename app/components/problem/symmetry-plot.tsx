"use client";

import { useId, useMemo, useState } from "react";
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import {
  PLOT_CURSOR_COLOUR,
  PLOT_GRID_COLOUR,
  PLOT_LABEL_COLOUR,
  PLOT_LEGEND_TEXT_COLOUR,
  plotAxis,
  plotTooltip,
} from "../charts/plot-colours";
import { ScrollBox } from "../table/scroll-box";
import { chartRows, unitKey, type Initialisation, type SymmetryTrajectories } from "./symmetry-data";

// Distinguishable for common colour-vision deficiencies (Okabe–Ito), with dashes as a second cue. The
// last is black, which a dark page would hide: it is a custom property, white-ish in the dark scheme.
const COLOURS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "var(--plot-series-8)"];
const DASHES = ["", "6 3", "2 3", "8 3 2 3"];

const LABELS: Record<Initialisation, string> = { grouped: "the start of parts (c) and (d)", random: "a random initialisation" };

/**
 * The zero-init demo: each hidden unit's first incoming weight W0[i][0] over
 * the gradient-descent steps, from the grouped start of parts (c) and (d) or
 * a random start. The numbers are computed by the engine on the server (the
 * variant's extras); this only draws them. The grouped start's run answers
 * (c) and (d), so until the server sends it (both settled) only the random
 * one shows.
 */
export function SymmetryPlot({ trajectories }: { trajectories: SymmetryTrajectories }) {
  const available = (Object.keys(LABELS) as Initialisation[]).filter((option) => trajectories[option] !== undefined);
  const [chosen, setInitialisation] = useState<Initialisation>(available[0]);
  const initialisation = available.includes(chosen) ? chosen : available[0];
  const id = useId();
  const steps = trajectories[initialisation]!;
  const rows = useMemo(() => chartRows(steps), [steps]);
  const units = steps[0].length;
  const titleId = `${id}-title`;
  const descId = `${id}-desc`;

  return (
    <figure className="card symmetry-plot" aria-labelledby={titleId} aria-describedby={descId}>
      <figcaption>
        <h2 id={titleId}>Hidden units during gradient descent</h2>
        <p id={descId} className="muted">
          Line chart of the first incoming weight <code>W0[i][0]</code> of each of the {units} hidden units over {steps.length - 1} steps of
          gradient descent, starting from {LABELS[initialisation]}. Lines that lie on top of each other are units that stay identical.
        </p>
        {trajectories.grouped === undefined && (
          <p className="muted small" data-testid="symmetry-held">
            The run from the start of parts (c) and (d) answers them: it appears here once parts (c) and (d) are settled (answered
            correctly, or no more credit to earn), when you next load the page.
          </p>
        )}
      </figcaption>
      <fieldset className="segmented">
        <legend className="visually-hidden">Initialisation</legend>
        {available.map((option) => (
          <label key={option} className={option === initialisation ? "selected" : undefined}>
            <input
              type="radio"
              name={`${id}-init`}
              value={option}
              checked={option === initialisation}
              onChange={() => setInitialisation(option)}
            />
            {LABELS[option][0].toUpperCase() + LABELS[option].slice(1)}
          </label>
        ))}
      </fieldset>
      <div className="chart-box" aria-hidden="true">
        <ResponsiveContainer width="100%" height={280}>
          {/* No keyboard layer: the chart is hidden from assistive technology (the table below carries the numbers), so nothing in it may take focus. */}
          <LineChart data={rows} margin={{ top: 8, right: 16, bottom: 8, left: 0 }} accessibilityLayer={false}>
            <CartesianGrid stroke={PLOT_GRID_COLOUR} />
            <XAxis
              {...plotAxis}
              dataKey="step"
              height={40}
              label={{ value: "gradient-descent step", position: "insideBottom", offset: 0, fill: PLOT_LABEL_COLOUR }}
            />
            <YAxis {...plotAxis} width={56} domain={["auto", "auto"]} tickFormatter={(value: number) => value.toFixed(2)} />
            <Tooltip
              {...plotTooltip}
              cursor={{ stroke: PLOT_CURSOR_COLOUR }}
              formatter={(value) => (typeof value === "number" ? value.toFixed(4) : String(value))}
              labelFormatter={(step) => `step ${step}`}
            />
            {/* Legend names in the text colour: some line colours are below 4.5:1 as text on one scheme or the other; the swatch shows the line. */}
            <Legend formatter={(name: string) => <span style={{ color: PLOT_LEGEND_TEXT_COLOUR }}>{name}</span>} />
            {Array.from({ length: units }, (_, i) => (
              <Line
                key={unitKey(i)}
                type="linear"
                dataKey={unitKey(i)}
                name={`unit ${i + 1}`}
                stroke={COLOURS[i % COLOURS.length]}
                strokeDasharray={DASHES[i % DASHES.length]}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <details className="chart-data">
        <summary>The numbers, as a table</summary>
        <ScrollBox label={`W0[i][0] per step, ${LABELS[initialisation]}`}>
          <table>
            <caption className="visually-hidden">W0[i][0] per step, {LABELS[initialisation]}</caption>
            <thead>
              <tr>
                <th scope="col">step</th>
                {Array.from({ length: units }, (_, i) => (
                  <th scope="col" key={i}>
                    unit {i + 1}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {steps.map((weights, step) => (
                <tr key={step}>
                  <th scope="row">{step}</th>
                  {weights.map((w, i) => (
                    <td key={i} className="mono">
                      {w.toFixed(4)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollBox>
      </details>
    </figure>
  );
}
