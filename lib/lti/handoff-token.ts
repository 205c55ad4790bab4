import "server-only";
import { createHash } from "node:crypto";
import { jwtVerify, SignJWT } from "jose";
import type { z } from "zod";
import { AppError } from "@/lib/errors";

// What a launch proved, handed to the page it lands on (the course-linking
// page, the deep-linking picker) without storing anything: a JWT (HS256,
// jose) under a key derived from NEXTAUTH_SECRET and the purpose, so that a
// token of one purpose never passes for another or for a session token, and
// bound to the person who launched (`sub`), so that it is no use to anyone else.

export type HandoffPurpose = "lti-pending-course-link" | "lti-deep-link-request";

function signingKey(purpose: HandoffPurpose): Uint8Array {
  const secret = process.env.NEXTAUTH_SECRET ?? process.env.AUTH_SECRET;
  if (!secret)
    throw new AppError(
      "UNAVAILABLE",
      "This server has no NEXTAUTH_SECRET, so it cannot finish LMS launches; its administrator must set it.",
    );
  return createHash("sha256").update(`chainrule:${purpose}\0${secret}`).digest();
}

export async function signHandoff(
  purpose: HandoffPurpose,
  userId: string,
  payload: Record<string, unknown>,
  lifetimeSeconds: number,
  now = new Date(),
): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT(payload)
    .setProtectedHeader({ alg: "HS256" })
    .setSubject(userId)
    .setAudience(`chainrule:${purpose}`)
    .setIssuedAt(iat)
    .setExpirationTime(iat + lifetimeSeconds)
    .sign(signingKey(purpose));
}

/** The token's payload if it is genuine, current, of `purpose` and `userId`'s; FORBIDDEN saying `startOver` otherwise. */
export async function readHandoff<T extends z.ZodType>(
  purpose: HandoffPurpose,
  token: string,
  userId: string,
  schema: T,
  startOver: string,
  now = new Date(),
): Promise<z.infer<T>> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, signingKey(purpose), {
      audience: `chainrule:${purpose}`,
      algorithms: ["HS256"],
      currentDate: now,
    }));
  } catch {
    throw new AppError("FORBIDDEN", `This link is invalid or has expired: ${startOver}`);
  }
  if (payload.sub !== userId) {
    throw new AppError("FORBIDDEN", `This link belongs to whoever launched it from the LMS: ${startOver}`);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AppError("FORBIDDEN", `This link is invalid or has expired: ${startOver}`);
  return parsed.data;
}
