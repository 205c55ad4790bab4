import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { normalizeEmail } from "@/lib/auth/credentials";
import { hashPassword, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";

/**
 * "open": anyone may create an account (and joins a course only through its
 * invite link); "invite": an account can only be created through a course's
 * invite link, which also enrols the new user as a student.
 */
export type SignUpMode = "open" | "invite";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200),
  email: z.email("Enter a valid email address.").max(320),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(1024, "Use at most 1024 characters."),
  inviteCode: z.string().trim().max(200).optional(),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

export interface SignUpOptions {
  db: Db;
  mode: SignUpMode;
  input: SignUpInput;
}

export interface SignUpResult {
  userId: string;
  /** The course the invite enrolled the user in, if any. */
  courseId: string | null;
}

export async function signUp({ db, mode, input }: SignUpOptions): Promise<SignUpResult> {
  const { name, password } = signUpSchema.parse(input);
  const email = normalizeEmail(input.email);
  const inviteCode = input.inviteCode?.trim() || null;

  if (!inviteCode && mode === "invite") {
    throw new AppError("FORBIDDEN", "Sign-up is by invitation: open the invite link your instructor sent you.");
  }
  const course = inviteCode ? await db.course.findUnique({ where: { inviteCode } }) : null;
  if (inviteCode && !course) {
    throw new AppError("NOT_FOUND", "This invite link is not valid any more; ask your instructor for a new one.");
  }
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  // An account an instructor added to a roster has no password yet: signing
  // up with its email through an invite link claims it, keeping its roles.
  const pending = existing !== null && existing.passwordHash === "";
  if (existing && !pending) {
    throw new AppError("CONFLICT", "An account with this email already exists; sign in instead.");
  }
  if (pending && !course) {
    throw new AppError("FORBIDDEN", "Your instructor added you to a course: sign up through the course's invite link.");
  }

  const passwordHash = await hashPassword(password);
  // One transaction: an account is never created without the enrolment its
  // invite promised.
  const user = await db.$transaction(async (tx) => {
    const account = pending
      ? await tx.user.update({ where: { id: existing.id }, data: { name, passwordHash } })
      : await tx.user.create({ data: { email, name, passwordHash } });
    if (course) {
      const enrolled = await tx.enrollment.findUnique({ where: { userId_courseId: { userId: account.id, courseId: course.id } } });
      if (!enrolled) await tx.enrollment.create({ data: { userId: account.id, courseId: course.id, role: "STUDENT" } });
    }
    return account;
  });
  return { userId: user.id, courseId: course?.id ?? null };
}
