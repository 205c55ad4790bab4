// One test for "a unique index refused this write", whichever way the write
// went: through Prisma (P2002, with the index's fields in its driver-adapter
// cause) or straight to the driver (lib/db/direct-sql.ts: SQLite's
// SQLITE_CONSTRAINT_UNIQUE, PostgreSQL's 23505). Callers that race on purpose
// (first writer wins) catch the violation and read what the winner wrote.

interface DriverError {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  constraint?: unknown;
  meta?: { target?: unknown; driverAdapterError?: { cause?: { constraint?: { fields?: unknown } } } };
}

/** PostgreSQL quotes mixed-case column names ("courseId"); SQLite prefixes the table (Submission.attempt). */
const bareName = (name: string) => name.trim().replace(/^"|"$/g, "").replace(/^.*\./, "");

function stringList(value: unknown): string[] | null {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value.map(bareName) : null;
}

/** The fields of the violated index, or null when the error is no unique violation. An empty list: a violation on fields not named. */
export function uniqueViolationFields(error: unknown): string[] | null {
  const e = error as DriverError | null | undefined;
  if (typeof e !== "object" || e === null) return null;
  if (e.code === "P2002") return stringList(e.meta?.driverAdapterError?.cause?.constraint?.fields) ?? stringList(e.meta?.target) ?? [];
  if (e.code === "SQLITE_CONSTRAINT_UNIQUE") {
    // "UNIQUE constraint failed: Submission.variantId, Submission.attempt"
    const list = typeof e.message === "string" ? /UNIQUE constraint failed: (.+)$/.exec(e.message)?.[1] : undefined;
    return list ? list.split(",").map(bareName) : [];
  }
  if (e.code === "23505") {
    // 'Key ("variantId", attempt)=(…, 1) already exists.'
    // The detail is translated when the server's lc_messages is not English; the index's name never is
    // (Prisma names it "<Model>_<field>_<field>_key", and our fields have no underscores).
    const list = typeof e.detail === "string" ? /^Key \((.+?)\)=/.exec(e.detail)?.[1] : undefined;
    if (list) return list.split(",").map(bareName);
    const named = typeof e.constraint === "string" ? /^[^_]+_(.+)_key$/.exec(e.constraint)?.[1] : undefined;
    return named ? named.split("_") : [];
  }
  return null;
}

/**
 * Whether `error` is a unique-constraint violation, from Prisma or from the
 * direct driver path on either database; with `field`, whether that field is
 * one of the violated index's.
 */
export function isUniqueViolation(error: unknown, field?: string): boolean {
  const fields = uniqueViolationFields(error);
  if (fields === null) return false;
  return field === undefined || fields.includes(field);
}
