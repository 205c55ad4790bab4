"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import { PLOT_CURSOR_COLOUR, PLOT_GRID_COLOUR, plotAxis, plotTooltip } from "@/app/components/charts/plot-colours";
import type { ScoreBucket } from "@/lib/analytics/score-buckets";

/**
 * A part's score distribution as bars. The chart is a picture for sighted
 * readers; the same counts are in the table beside it (the figure's caption
 * says so), so nothing depends on the SVG.
 */
export function ScoreChart({ buckets, label }: { buckets: ScoreBucket[]; label: string }) {
  return (
    <div className="gb-chart" aria-hidden="true">
      <ResponsiveContainer width="100%" height={180}>
        <BarChart data={buckets} margin={{ top: 8, right: 8, bottom: 0, left: -16 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke={PLOT_GRID_COLOUR} />
          <XAxis {...plotAxis} dataKey="label" tick={{ ...plotAxis.tick, fontSize: 12 }} />
          <YAxis {...plotAxis} allowDecimals={false} tick={{ ...plotAxis.tick, fontSize: 12 }} />
          <Tooltip {...plotTooltip} cursor={{ fill: PLOT_CURSOR_COLOUR }} formatter={(value) => [`${value} students`, label]} />
          <Bar dataKey="students" fill="var(--accent)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
