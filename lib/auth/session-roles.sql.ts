import "server-only";
import { z } from "zod";
import { Prisma, type Db } from "@/lib/db/client";
import { Role } from "@/lib/db/generated/sqlite/enums";
import { queryRows } from "@/lib/db/query-rows";
import { sqlNumber } from "@/lib/db/sql-codecs";

/** One row per enrolment (oldest first), or one with a null course and role for a user enrolled nowhere. */
const SessionRoleRow = z.object({ sessionVersion: sqlNumber, courseId: z.string().nullable(), role: z.enum(Role).nullable() });

/** The user's session version and course roles; no row when the account is gone. */
export function selectSessionRoles(db: Db, userId: string) {
  return queryRows(
    db,
    "session roles",
    Prisma.sql`
    SELECT u."sessionVersion", e."courseId", e."role"
    FROM "User" u LEFT JOIN "Enrollment" e ON e."userId" = u."id"
    WHERE u."id" = ${userId}
    ORDER BY e."createdAt" ASC, e."id" ASC`,
    SessionRoleRow,
    { readOnly: true },
  );
}
