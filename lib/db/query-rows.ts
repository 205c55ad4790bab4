// The hot path's statements (the `*.sql.ts` files beside their domain code)
// run through here: each names itself and gives a zod row schema, which both
// types and decodes what the driver returned (lib/db/sql-codecs.ts), so raw
// SQL is as typed as a Prisma call. A row that does not match fails loudly,
// naming the statement, instead of flowing on as a mistyped value.
import type { z } from "zod";
import { directSql, type Db } from "./client";
import type { QueryOptions, SqlStatement } from "./direct-sql";

export class RowSchemaError extends Error {
  constructor(statementName: string, issues: string) {
    super(`A row of the statement "${statementName}" does not match its schema:\n${issues}`);
    this.name = "RowSchemaError";
  }
}

/** Runs a statement straight to the driver (lib/db/direct-sql.ts) and decodes each row with `rowSchema`. */
export async function queryRows<Schema extends z.ZodType>(
  db: Db,
  statementName: string,
  statement: SqlStatement,
  rowSchema: Schema,
  options?: QueryOptions,
): Promise<z.output<Schema>[]> {
  const rows = await directSql(db).query(statement, options);
  return rows.map((row) => {
    const decoded = rowSchema.safeParse(row);
    if (!decoded.success)
      throw new RowSchemaError(statementName, decoded.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`).join("\n"));
    return decoded.data;
  });
}

/** Runs a statement that returns no rows (an INSERT or UPDATE without RETURNING). */
export async function execute(db: Db, statement: SqlStatement, options?: QueryOptions): Promise<void> {
  await directSql(db).query(statement, options);
}
