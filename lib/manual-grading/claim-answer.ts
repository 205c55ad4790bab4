import "server-only";
import type { Db } from "@/lib/db/client";
import { uniqueViolationFields } from "@/lib/db/unique-violation";

/** How long a TA holds an answer they opened: long enough to read and grade it, short enough that a closed tab frees it soon. */
export const CLAIM_LEASE_MS = 10 * 60 * 1000;

export interface AnswerKey {
  assessmentProblemId: string;
  /** The student whose answer it is. */
  userId: string;
  partId: string;
}

export type ClaimOutcome =
  | { claimed: true; expiresAt: Date }
  /** Another TA holds it until expiresAt. */
  | { claimed: false; heldById: string; heldByName: string; expiresAt: Date };

/**
 * Takes (or renews) the actor's claim on one answer, atomically: an
 * UPDATE that succeeds only when the claim is the actor's or has lapsed,
 * else an INSERT that the unique index (placement, student, part) lets only
 * one TA win. Either way two TAs never both hold an answer; the loser is
 * told who does.
 */
export async function claimAnswer(db: Db, key: AnswerKey, actorId: string, now: Date = new Date()): Promise<ClaimOutcome> {
  const expiresAt = new Date(now.getTime() + CLAIM_LEASE_MS);
  const taken = await db.gradingClaim.updateMany({
    where: { ...key, OR: [{ claimedById: actorId }, { expiresAt: { lte: now } }] },
    data: { claimedById: actorId, expiresAt },
  });
  if (taken.count === 1) return { claimed: true, expiresAt };
  try {
    await db.gradingClaim.create({ data: { ...key, claimedById: actorId, expiresAt, createdAt: now } });
    return { claimed: true, expiresAt };
  } catch (error) {
    if (uniqueViolationFields(error) === null) throw error;
  }
  const holder = await db.gradingClaim.findUnique({
    where: { assessmentProblemId_userId_partId: key },
    select: { claimedById: true, expiresAt: true },
  });
  // The holder's row vanished (graded and released) between the two writes: try once more.
  if (!holder) return claimAnswer(db, key, actorId, now);
  const user = await db.user.findUnique({ where: { id: holder.claimedById }, select: { name: true, email: true } });
  return {
    claimed: false,
    heldById: holder.claimedById,
    heldByName: user?.name || user?.email || "another TA",
    expiresAt: holder.expiresAt,
  };
}

/** Whether the actor holds the answer now (their claim exists and has not lapsed). */
export async function holdsClaim(db: Db, key: AnswerKey, actorId: string, now: Date = new Date()): Promise<boolean> {
  const claim = await db.gradingClaim.findUnique({
    where: { assessmentProblemId_userId_partId: key },
    select: { claimedById: true, expiresAt: true },
  });
  return claim !== null && claim.claimedById === actorId && claim.expiresAt > now;
}

/** Gives the answer back, once graded or skipped; only the actor's own claim. */
export async function releaseClaim(db: Db, key: AnswerKey, actorId: string): Promise<void> {
  await db.gradingClaim.deleteMany({ where: { ...key, claimedById: actorId } });
}
