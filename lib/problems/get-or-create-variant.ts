import "server-only";
import { randomInt } from "node:crypto";
import type { Db } from "@/lib/db/client";
import { variantSeedFor } from "@/lib/submissions/policy";
import { isUniqueViolation } from "@/lib/db/unique-violation";

/** Seeds fit PostgreSQL's 4-byte integer; 0 (the handout's numbers) is never drawn at random. */
const MAX_SEED = 2 ** 31 - 1;

export interface GetOrCreateVariantOptions {
  db: Db;
  userId: string;
  assessmentProblemId: string;
  /** The problem version a new variant is drawn from. */
  problemId: string;
  /** The assessment gives everyone the handout's numbers: the variant is drawn with seed 0 (policy.ts variantSeedFor). */
  handoutNumbers?: boolean;
}

/**
 * The user's variant of a placed problem, drawn on first use with a random
 * seed. Two first requests at once both try to create it; the unique
 * (user, placement) index lets one win and the other read its row. The
 * seed is chosen once, when drawn: turning handout numbers on or off later
 * changes no drawn variant, so no stored answer is regraded on numbers the
 * student never saw.
 */
export async function getOrCreateVariant({
  db,
  userId,
  assessmentProblemId,
  problemId,
  handoutNumbers = false,
}: GetOrCreateVariantOptions) {
  const where = { userId_assessmentProblemId: { userId, assessmentProblemId } };
  const existing = await db.variant.findUnique({ where });
  if (existing) return existing;
  try {
    return await db.variant.create({
      data: { userId, assessmentProblemId, problemId, seed: variantSeedFor({ handoutNumbers }, randomInt(1, MAX_SEED)) },
    });
  } catch (error) {
    if (isUniqueViolation(error)) return db.variant.findUniqueOrThrow({ where });
    throw error;
  }
}
