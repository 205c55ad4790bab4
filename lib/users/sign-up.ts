import "server-only";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/auth/credentials";
import { hashPassword } from "@/lib/auth/password";
import { limitSignUps } from "@/lib/rate-limit/sign-up-limits";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { signUpSchema, type SignUpInput } from "./requests";

/**
 * "open": anyone may create an account (and joins a course only through its
 * invite link); "invite": an account can only be created through a course's
 * invite link, which also enrols the new user as a student.
 */
export type SignUpMode = "open" | "invite";

export interface SignUpOptions {
  db: Db;
  mode: SignUpMode;
  input: SignUpInput;
  /** The client's network for the per-network limit (lib/rate-limit/client-ip.ts), null when unknown. */
  network?: string | null;
}

/**
 * What happened, for the caller's logs and tests only: the person signing up
 * is told the same thing either way (SIGN_UP_DONE), so that the form cannot
 * be used to learn which emails have accounts.
 */
export type SignUpResult =
  | { outcome: "created"; userId: string; courseId: string | null }
  /** The email has an account already (claimed or added by staff): nothing was changed. */
  | { outcome: "exists"; courseId: string | null };

/** The one answer to every sign-up that passed validation, whether it created an account or not. */
export const SIGN_UP_DONE =
  "If this email is new here, your account is ready: sign in with it. If it already has an account, " +
  "nothing was changed: sign in with your password, or use the link your instructor gave you to set one.";

/**
 * Creates a STUDENT account, enrolled in the course whose invite code is
 * given. A sign-up never touches an account that exists, whoever made it:
 * an account staff added to a roster is claimed only through the
 * single-use link they hand its owner (lib/accounts/), so an invite code
 * can never be used to take over someone else's account or role.
 */
export async function signUp({ db, mode, input, network = null }: SignUpOptions): Promise<SignUpResult> {
  const { name, password } = signUpSchema.parse(input);
  const email = normalizeEmail(input.email);
  const inviteCode = input.inviteCode?.trim() || null;

  if (!inviteCode && mode === "invite") {
    throw new AppError("FORBIDDEN", "Sign-up is by invitation: open the invite link your instructor sent you.");
  }
  const course = inviteCode ? await db.course.findUnique({ where: { inviteCode }, select: { id: true } }) : null;
  // Counted before the invite is refused, so that guessing codes counts against the network.
  await limitSignUps({ db, network, inviteCode: course ? inviteCode : null });
  if (inviteCode && !course) {
    throw new AppError("NOT_FOUND", "This invite link is not valid any more; ask your instructor for a new one.");
  }
  const courseId = course?.id ?? null;

  // Hashed whatever happens next, so that a known email takes as long to answer as a new one.
  const passwordHash = await hashPassword(password);
  const existing = await db.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { outcome: "exists", courseId };

  try {
    // One transaction: an account is never created without the enrolment its invite promised.
    const user = await db.$transaction(async (tx) => {
      const account = await tx.user.create({ data: { email, name, passwordHash } });
      if (courseId) await tx.enrollment.create({ data: { userId: account.id, courseId, role: "STUDENT" } });
      return account;
    });
    return { outcome: "created", userId: user.id, courseId };
  } catch (error) {
    // Two sign-ups with one email at once: the unique index lets one through; the other is told the same as anyone.
    if (isUniqueViolation(error)) return { outcome: "exists", courseId };
    throw error;
  }
}
