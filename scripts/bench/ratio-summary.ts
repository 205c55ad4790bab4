/**
 * Issue 24's ratios, gathered from the reports of one `npm run bench` run
 * (scripts/bench/all.ts), so that every ratio and its verdict can be read in
 * one place. Each benchmark already judges its own ratios in its JSON; this
 * only reads those verdicts, it never re-judges them, so a target lives in
 * one file (load-targets.ts, engine.ts, transformer-layer.ts).
 */

/** One ratio beside its target, as a benchmark printed it. */
export interface RatioLine {
  /** What is divided by what. */
  ratio: string;
  /** The worst (load) or median (engine) value; null when the benchmark could not measure it. */
  value: number | null;
  /** The engine's CPU-time ratio, the steadier figure on a loaded machine. */
  cpuValue?: number | null;
  target: string;
  met: boolean;
  /** Where the worst value was seen, or why nothing was measured. */
  note?: string;
}

interface AlternatedRatio {
  ratio: number;
  cpuRatio: number;
  target: number;
  met: boolean;
  metByCpuTime: boolean;
}

interface LoadRatioVerdict {
  target: string;
  worst: number | null;
  at: string | null;
  met: boolean;
}

type LoadDatabaseVerdict = Record<
  "cpuPerSubmissionOverFloor" | "rateOverFloor" | "p99OverFloor" | "pageUnderLoadOverUnloaded",
  LoadRatioVerdict
> & { noneLostOrDoubled: boolean };

/** The parts of the benchmarks' reports read here (each report has more). */
export interface BenchReports {
  engine?: { ratios?: Record<string, AlternatedRatio | null>; torch?: { available: boolean; reason?: string } };
  transformer?: { ratio?: Record<string, AlternatedRatio | null>; torch?: { available: boolean; reason?: string } };
  load?: { targets?: { noneLostOrDoubled: boolean } & Partial<Record<"sqlite" | "postgresql", LoadDatabaseVerdict>> };
}

/** An engine ratio: met only when both the wall-time and the CPU-time medians are within the target. */
function engineLine(name: string, found: AlternatedRatio | null | undefined, target: number, torchReason?: string): RatioLine {
  if (!found) {
    return { ratio: name, value: null, target: `≤ ${target}×`, met: false, note: torchReason ?? "not measured" };
  }
  return {
    ratio: name,
    value: found.ratio,
    cpuValue: found.cpuRatio,
    target: `≤ ${found.target}× (wall and CPU time)`,
    met: found.met && found.metByCpuTime,
  };
}

const LOAD_RATIOS = ["cpuPerSubmissionOverFloor", "rateOverFloor", "p99OverFloor", "pageUnderLoadOverUnloaded"] as const;

/** Every issue 24 ratio the reports hold, in the order; a missing report gives an unmet line that says so. */
export function summarizeRatios(reports: BenchReports): { lines: RatioLine[]; met: boolean } {
  const lines: RatioLine[] = [];
  const targets = reports.load?.targets;
  for (const provider of ["sqlite", "postgresql"] as const) {
    const verdict = targets?.[provider];
    if (!verdict) {
      lines.push({ ratio: `${provider}: load`, value: null, target: "see load-targets.ts", met: false, note: "not measured in this run" });
      continue;
    }
    for (const key of LOAD_RATIOS) {
      const judged = verdict[key];
      lines.push({
        ratio: `${provider}: ${key}`,
        value: judged.worst,
        target: judged.target,
        met: judged.met,
        ...(judged.at ? { note: `worst at ${judged.at}` } : { note: "no stage measured it" }),
      });
    }
  }
  const engineReason = reports.engine?.torch?.available === false ? reports.engine.torch.reason : undefined;
  lines.push(engineLine("engine/torch cnn", reports.engine?.ratios?.["engine/torch cnn"], 1.5, engineReason));
  const layerReason = reports.transformer?.torch?.available === false ? reports.transformer.torch.reason : undefined;
  lines.push(engineLine("engine/torch transformer layer", reports.transformer?.ratio?.["engine/torch"], 2, layerReason));
  lines.push({
    ratio: "lost or doubled submissions",
    value: null,
    target: "0 in every configuration",
    met: targets?.noneLostOrDoubled ?? false,
    ...(targets ? {} : { note: "not measured in this run" }),
  });
  return { lines, met: lines.every((line) => line.met) };
}
