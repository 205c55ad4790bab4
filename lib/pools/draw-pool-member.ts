import { createHash } from "node:crypto";

/**
 * Which member of a pool of `size` a student is given: a number in
 * [0, size) read from SHA-256 of the placement and the student, so the
 * same student always draws the same member of the same pool, and
 * neighbours (other user ids) draw independently and uniformly. Not
 * imported from "server-only" code alone: the browser tests compute with it
 * which students draw which member. 2^48 mod size is far below one in a
 * million of bias for any pool an instructor writes.
 */
export function drawPoolMember(userId: string, assessmentProblemId: string, size: number): number {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A pool has at least one member, not ${size}.`);
  const digest = createHash("sha256").update(`pool:${assessmentProblemId}:${userId}`).digest();
  return digest.readUIntBE(0, 6) % size;
}

/** The member of `members` (the placement's own problem first) drawn for the user; a one-member list gives that member. */
export function pickPoolMember<T>(userId: string, assessmentProblemId: string, members: readonly T[]): T {
  return members.length === 1 ? members[0] : members[drawPoolMember(userId, assessmentProblemId, members.length)];
}
