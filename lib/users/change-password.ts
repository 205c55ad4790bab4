import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { authenticate } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { endSessions } from "@/lib/auth/session-version";
import { changePasswordSchema, type ChangePasswordInput } from "./requests";

export interface ChangePasswordOptions {
  db: Db;
  /** The signed-in user, checked by the caller. */
  userId: string;
  input: ChangePasswordInput;
  network?: string | null;
}

/**
 * Replaces a signed-in user's password, given the current one, and ends
 * every session of theirs, this one included: someone who changes a
 * password because it leaked wants every other device out. The current
 * password is checked as a sign-in is (lib/auth/credentials.ts), so a
 * wrong one counts towards the address's lock-out.
 */
export async function changePassword({ db, userId, input, network = null }: ChangePasswordOptions): Promise<void> {
  const { currentPassword, newPassword } = changePasswordSchema.parse(input);
  const user = await db.user.findUnique({ where: { id: userId }, select: { email: true } });
  if (!user) throw new AppError("UNAUTHENTICATED", "Your account no longer exists; sign in again.");
  const checked = await authenticate(db, user.email, currentPassword, Date.now(), network);
  if (!checked || checked.id !== userId) throw new AppError("INVALID_INPUT", "Your current password is not right; type it again.");
  const passwordHash = await hashPassword(newPassword);
  await db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    await endSessions(tx, userId);
    await tx.auditLog.create({ data: { actorId: userId, action: "account.password", entityType: "User", entityId: userId } });
  });
}
