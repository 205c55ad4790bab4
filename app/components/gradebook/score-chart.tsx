"use client";

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
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
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#dfe2e6" />
          <XAxis dataKey="label" tick={{ fontSize: 12 }} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
          <Tooltip formatter={(value) => [`${value} students`, label]} />
          <Bar dataKey="students" fill="#2457c5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
