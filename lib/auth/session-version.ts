import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

// Revocable sessions. Session tokens are stateless JWTs (several app
// instances serve the same users), so one cannot be recalled by itself.
// Each carries the user's sessionVersion from when it was issued, and the
// server refuses a token whose version is not the database's: the check
// rides on the query every signed-in request already makes for the user's
// roles (lib/auth/session.ts) or placement (lib/problems/resolve-placement.ts),
// so it costs no extra round trip.

/** Why a token that decodes is still refused: its account was deleted, or its sessions were ended. */
export const ACCOUNT_GONE = "Your account no longer exists; sign in again.";
export const SESSION_ENDED = "Your session has ended (you signed out, or your password was changed); sign in again.";

/**
 * Ends every session of a user, on every app instance and device. Called on
 * sign-out, on a password change and on a reset. `db` may be a transaction,
 * so that a new password and the end of the old sessions are one change.
 */
export async function endSessions(db: Pick<Db, "user">, userId: string): Promise<void> {
  await db.user.updateMany({ where: { id: userId }, data: { sessionVersion: { increment: 1 } } });
}

/**
 * For a query that found nothing for a session's user: UNAUTHENTICATED when
 * the account was deleted or the session ended, so that the caller's own
 * "not found" is only said to a current session.
 */
export async function assertSessionCurrent(db: Db, user: { id: string; sessionVersion: number }): Promise<void> {
  const current = await db.user.findUnique({ where: { id: user.id }, select: { sessionVersion: true } });
  if (current === null) throw new AppError("UNAUTHENTICATED", ACCOUNT_GONE);
  if (current.sessionVersion !== user.sessionVersion) throw new AppError("UNAUTHENTICATED", SESSION_ENDED);
}
