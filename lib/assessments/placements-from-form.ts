import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import type { PlacementList } from "./requests";

const POOL_WITH = "poolWith:";

/**
 * The problems ticked in the editor's form, ordered by their "order" field. A
 * problem set to "pool with" another joins that one's pool (and needs no
 * tick); pooled with a problem that is not ticked, it is left out like it.
 *
 * A chain (Z pooled with X, X pooled with Y) is refused with a field error on
 * Z naming the three problems, rather than followed to Y: the instructor may
 * have meant X to stay a placement of its own, and only they can say which.
 * A cycle (X with Y, Y with X) is a chain too. The JSON API cannot express a
 * chain: it lists each pool's members under their placement.
 */
export async function placementsFromForm(db: Db, form: FormData): Promise<PlacementList> {
  const hostOf = (problemId: string) => String(form.get(`${POOL_WITH}${problemId}`) ?? "");
  const pooled = [...form.keys()].filter((key) => key.startsWith(POOL_WITH) && hostOf(key.slice(POOL_WITH.length)) !== "");
  const chains = pooled
    .map((key) => key.slice(POOL_WITH.length))
    .map((member) => ({ member, host: hostOf(member), top: hostOf(hostOf(member)) }))
    .filter(({ member, host, top }) => host !== member && top !== "");
  if (chains.length > 0) throw await chainError(db, chains);

  const chosen = form.getAll("problemId").map(String);
  const poolOf = (host: string) =>
    pooled.map((key) => key.slice(POOL_WITH.length)).filter((member) => member !== host && hostOf(member) === host);
  return chosen
    .filter((problemId) => hostOf(problemId) === "")
    .map((problemId) => ({
      problemId,
      points: Number(form.get(`points:${problemId}`) ?? 0),
      order: Number(form.get(`order:${problemId}`) ?? 0),
      pool: poolOf(problemId),
    }))
    .sort((a, b) => a.order - b.order)
    .map(({ problemId, points, pool }) => ({ problemId, points, pool }));
}

/** One field error per chained member, by the problems' titles (their ids where no problem has that id). */
async function chainError(db: Db, chains: { member: string; host: string; top: string }[]) {
  const ids = [...new Set(chains.flatMap(({ member, host, top }) => [member, host, top]))];
  const rows = await db.problem.findMany({ where: { id: { in: ids } }, select: { id: true, title: true } });
  const titles = new Map(rows.map((row) => [row.id, row.title]));
  const title = (id: string) => `"${titles.get(id) ?? id}"`;
  return new z.ZodError(
    chains.map(({ member, host, top }) => ({
      code: "custom" as const,
      input: host,
      path: [`${POOL_WITH}${member}`],
      message:
        `${title(member)} is pooled with ${title(host)}, which is itself pooled with ${title(top)}: ` +
        `pool ${title(member)} with ${title(top)} directly, or set ${title(host)} to its own placement.`,
    })),
  );
}
