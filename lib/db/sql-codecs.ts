// Column codecs for the direct SQL's row schemas (lib/db/query-rows.ts): each
// turns what either driver returns for a column into the one JavaScript value
// Prisma would have given, so that a row schema reads the same on both.
// - SQLite (better-sqlite3 with safe integers, as Prisma's adapter sets it)
//   gives every integer as a bigint, booleans as 0/1, dates as the text or
//   milliseconds Prisma stored, and JSON as text.
// - PostgreSQL (node-postgres, with direct-sql.ts's parsers) gives numbers,
//   booleans, Dates, and JSON as text too, so that one codec parses it.
import { z } from "zod";

/** SQL's own timestamps ("2026-11-27 03:15:00", from CURRENT_TIMESTAMP) carry no zone and are UTC; Prisma's carry one. */
const NO_ZONE = /^\d{4}-\d\d-\d\d[ T][\d:.]+$/;
const INTEGER_TEXT = /^-?\d+$/;

const dateOf = (value: unknown): unknown => {
  if (typeof value === "bigint") return new Date(Number(value));
  if (typeof value === "number") return new Date(value);
  if (typeof value === "string") return new Date(NO_ZONE.test(value) ? `${value.replace(" ", "T")}Z` : value);
  return value;
};

/** A number; 64-bit integers (a bigint, or text) become numbers: the app's are milliseconds, far below 2^53. */
export const sqlNumber = z.preprocess(
  (value) => (typeof value === "bigint" ? Number(value) : typeof value === "string" && INTEGER_TEXT.test(value) ? Number(value) : value),
  z.number(),
);

/** A boolean; SQLite stores it as 0 or 1. */
export const sqlBoolean = z.preprocess(
  (value) => (typeof value === "bigint" || typeof value === "number" ? Number(value) !== 0 : value),
  z.boolean(),
);

/** A Date; stored on SQLite as ISO 8601 text or milliseconds, read as UTC when it carries no zone. */
export const sqlDate = z.preprocess((value) => (value instanceof Date ? value : dateOf(value)), z.date());

/** A JSON value, parsed from its text (both drivers give text: see direct-sql.ts). */
export const sqlJson = z.preprocess((value) => (typeof value === "string" ? JSON.parse(value) : value), z.unknown());
