/**
 * What a document makes the server compute, estimated when it compiles,
 * before anything of it runs: the bound that keeps one document from holding
 * a worker. Units are grader/expr's cost units (cost.ts there,
 * about a nanosecond each), so that one figure covers expressions, drawing
 * and rendering.
 *
 * The estimate of a single expression was never the problem; how many times
 * it runs was. A value part computes its reference and each known mistake
 * on every variant, and its reference and each sample again for
 * validation; every {{D}} in a statement computes D once more; an
 * expression part computes its reference and known mistakes on K random
 * instances when it compiles and again when a thread first grades it; and
 * validation does all of it once per seed. So the estimate is kept by
 * stage, each item of it charged to the place in the document that causes
 * it, and a document over a stage's cap is refused naming its costliest
 * place.
 */
import { COST } from "../expr/cost";
import { DocumentError, DocumentErrorCode, formatPath, type DocumentPath } from "./errors";
import { DOCUMENT_LIMITS } from "./limits";

/**
 * Weights of work done outside the engine, per entry, erring slow as
 * cost.ts does: drawing a random entry (a redraw when it must be nonzero
 * included), writing a number into a statement (LaTeX or a NumPy literal),
 * and reading or comparing a computed value (copies into rows, the
 * finiteness check, a matrix answer compared against it).
 */
export const DOCUMENT_COST = Object.freeze({
  drawEntry: 100,
  renderEntry: 300,
  readEntry: COST.copy * 2,
  compareEntry: COST.arithmetic,
});

/**
 * - compile: each expression part's check (reference and known mistakes on
 *   K instances), paid when the document compiles and once more when a
 *   thread first grades the part;
 * - variant: building one variant (what a student opening it costs);
 * - seed: one seed of validation, its variant included.
 */
export type CostStage = "compile" | "variant" | "seed";

export interface DocumentCostItem {
  path: DocumentPath;
  stage: CostStage;
  cost: number;
}

export interface DocumentCost {
  compile: number;
  variant: number;
  seed: number;
  /** What each place in the document adds, in the order they were met. */
  items: readonly DocumentCostItem[];
}

/** Validation on `seeds` seeds: the checks compiled twice (compile, then the first grading), then every seed. */
export function validationCost(cost: DocumentCost, seeds: number): number {
  return 2 * cost.compile + seeds * cost.seed;
}

/** The cap of each stage: DOCUMENT_LIMITS's, unless a benchmark lifts them to measure a document over them. */
export type CostCaps = Record<CostStage, number>;

export const DEFAULT_COST_CAPS: Readonly<CostCaps> = Object.freeze({
  compile: DOCUMENT_LIMITS.maxCompileCost,
  variant: DOCUMENT_LIMITS.maxVariantCost,
  seed: DOCUMENT_LIMITS.maxSeedCost,
});

const STAGE_WORK: Record<CostStage, string> = {
  compile: "compiling the document",
  variant: "building one variant",
  seed: "validating one seed",
};

/** Collects a document's costs as it compiles. */
export class CostLedger {
  private readonly items: DocumentCostItem[] = [];

  constructor(private readonly caps: Readonly<CostCaps> = DEFAULT_COST_CAPS) {}

  add(path: DocumentPath, stage: CostStage, cost: number): void {
    if (cost > 0) this.items.push({ path, stage, cost });
  }

  /** The totals: a variant is part of every seed. */
  total(): DocumentCost {
    const sum = (stages: CostStage[]) => this.items.reduce((total, item) => total + (stages.includes(item.stage) ? item.cost : 0), 0);
    return { compile: sum(["compile"]), variant: sum(["variant"]), seed: sum(["variant", "seed"]), items: [...this.items] };
  }

  /** Throws DocumentError TOO_LARGE at the costliest place of the first of `stages` over its cap. */
  check(stages: readonly CostStage[] = ["compile", "variant", "seed"]): DocumentCost {
    const cost = this.total();
    for (const stage of stages) {
      const limit = this.caps[stage];
      const what = STAGE_WORK[stage];
      if (cost[stage] <= limit) continue;
      const byPath = new Map<string, { path: DocumentPath; cost: number }>();
      for (const item of this.items) {
        if (item.stage !== stage && !(stage === "seed" && item.stage === "variant")) continue;
        const key = formatPath(item.path);
        const entry = byPath.get(key) ?? { path: item.path, cost: 0 };
        entry.cost += item.cost;
        byPath.set(key, entry);
      }
      const costliest = [...byPath.values()].reduce((a, b) => (b.cost > a.cost ? b : a));
      throw new DocumentError(
        DocumentErrorCode.TooLarge,
        costliest.path,
        `${what} would cost about ${units(cost[stage])} units of work, over the limit ` +
          `of ${units(limit)}; this is the costliest place (${units(costliest.cost)}): ` +
          "use smaller sizes, fewer products, or fewer known mistakes, samples and placeholders that compute it",
      );
    }
    return cost;
  }
}

function units(value: number): string {
  return value.toExponential(1);
}
