import type { CSSProperties } from "react";

/**
 * Recharts props that take a plot's colours from the custom properties in
 * app/globals.css (--plot-…), so that a chart follows the light or dark
 * colour scheme with the page. SVG presentation attributes and inline
 * styles both resolve var(); Recharts passes these through unchanged.
 */
export const PLOT_AXIS_COLOUR = "var(--plot-axis)";
/** An axis's title (Recharts' label), which SVG draws black unless told. */
export const PLOT_LABEL_COLOUR = "var(--plot-label)";
/** A legend's names: the page's text colour, since a series colour may be too faint to read as text. */
export const PLOT_LEGEND_TEXT_COLOUR = "var(--fg)";
export const PLOT_GRID_COLOUR = "var(--plot-grid)";

/** An axis's line, ticks and tick labels; a chart adds its own tick options (font size) to `tick`. */
export const plotAxis = { stroke: PLOT_AXIS_COLOUR, tick: { fill: PLOT_AXIS_COLOUR } } as const;

/** The hover box and the cursor that marks the hovered step or bar. */
export const plotTooltip = {
  contentStyle: {
    backgroundColor: "var(--plot-tooltip-bg)",
    border: "1px solid var(--plot-tooltip-line)",
    color: "var(--fg)",
  } satisfies CSSProperties,
  labelStyle: { color: "var(--fg)" } satisfies CSSProperties,
} as const;
export const PLOT_CURSOR_COLOUR = "var(--plot-tooltip-line)";
