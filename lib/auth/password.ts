import bcrypt from "bcryptjs";

// bcrypt with cost 10 (OWASP's floor): slow enough to hamper guessing, fast
// enough that sign-in does not feel slow.
const BCRYPT_COST = 10;

export const MIN_PASSWORD_LENGTH = 8;

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, BCRYPT_COST);
}

export function verifyPassword(password: string, passwordHash: string): Promise<boolean> {
  return bcrypt.compare(password, passwordHash);
}
