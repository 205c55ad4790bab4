// The hot path's direct SQL (lib/db/direct-sql.ts, query-rows.ts) on real, migrated
// databases: what it writes Prisma reads back unchanged and the other way
// round (dates, booleans, JSON, 64-bit integers), unique violations are
// recognised per column, and a statement never runs inside one of Prisma's
// interactive transactions on the same SQLite connection.
import { createDb, directSql, Prisma } from "@/lib/db/client";
import type { QueryOptions } from "@/lib/db/direct-sql";
import { queryRows, RowSchemaError } from "@/lib/db/query-rows";
import { sqlBoolean, sqlDate, sqlJson, sqlNumber } from "@/lib/db/sql-codecs";
import { isUniqueViolation } from "@/lib/db/unique-violation";
import { z } from "zod";
import { describeEachDatabase, useTestDatabase } from "@/test/harness/test-database";

describeEachDatabase("direct SQL", (provider) => {
  const database = useTestDatabase(provider);

  async function placedVariant(tag: string) {
    const { db } = database;
    const user = await db.user.create({ data: { email: `${tag}@chainrule.test`, name: tag, passwordHash: "x" } });
    const course = await db.course.create({ data: { slug: `course-${tag}`, title: `Course ${tag}`, inviteCode: `invite-${tag}` } });
    const problem = await db.problem.create({
      data: { slug: `p-${tag}`, version: 1, source: "BANK", definition: { bank: "chain-rule" }, title: "P" },
    });
    const assessment = await db.assessment.create({
      data: { courseId: course.id, slug: `a-${tag}`, title: "A", published: true, dueAt: new Date("2026-12-01T23:59:00.123Z") },
    });
    const placement = await db.assessmentProblem.create({
      data: { assessmentId: assessment.id, problemId: problem.id, position: 1, points: 10 },
    });
    const variant = await db.variant.create({
      data: { userId: user.id, assessmentProblemId: placement.id, problemId: problem.id, seed: 7 },
    });
    return { user, problem, assessment, placement, variant };
  }

  const insert = (
    row: {
      id: string;
      variantId: string;
      userId: string;
      placementId: string;
      problemId: string;
      attempt: number;
      key: string | null;
      at: Date;
    },
    options: { commitTogether?: boolean } = {},
  ) =>
    directSql(database.db).query(
      Prisma.sql`
      INSERT INTO "Submission" ("id", "variantId", "userId", "assessmentProblemId", "problemId", "attempt", "answers", "score",
        "partResults", "late", "latePenalty", "idempotencyKey", "submittedAt", "gradedAt")
      VALUES (${row.id}, ${row.variantId}, ${row.userId}, ${row.placementId}, ${row.problemId}, ${row.attempt},
        ${{ "a.y": "W1 @ z + b1", list: [1, 2.5] }}, ${0.75}, ${{ "a.y": { score: 1, status: "graded" } }}, ${true}, ${0.1}, ${row.key},
        ${row.at}, ${row.at})`,
      options,
    );

  it("writes dates, booleans and JSON that Prisma reads back as they were", async () => {
    const { user, problem, placement, variant } = await placedVariant("write");
    const at = new Date("2026-11-27T03:59:58.321Z");
    await insert({
      id: "direct-1",
      variantId: variant.id,
      userId: user.id,
      placementId: placement.id,
      problemId: problem.id,
      attempt: 1,
      key: "k-1",
      at,
    });
    const stored = await database.db.submission.findUniqueOrThrow({ where: { id: "direct-1" } });
    expect(stored).toMatchObject({
      attempt: 1,
      score: 0.75,
      late: true,
      latePenalty: 0.1,
      idempotencyKey: "k-1",
      answers: { "a.y": "W1 @ z + b1", list: [1, 2.5] },
      partResults: { "a.y": { score: 1, status: "graded" } },
    });
    expect(stored.submittedAt.toISOString()).toBe(at.toISOString());
  });

  it("reads what Prisma wrote, decoding each column as its row schema says", async () => {
    const { user, problem, assessment, placement, variant } = await placedVariant("read");
    const [row] = await queryRows(
      database.db,
      "read back",
      Prisma.sql`
        SELECT a."dueAt", a."published", a."lateCutoffAt", p."definition", v."seed", v."createdAt", ap."points"
        FROM "AssessmentProblem" ap JOIN "Assessment" a ON a."id" = ap."assessmentId" JOIN "Problem" p ON p."id" = ap."problemId"
        JOIN "Variant" v ON v."assessmentProblemId" = ap."id" WHERE ap."id" = ${placement.id}`,
      z.object({
        dueAt: sqlDate.nullable(),
        published: sqlBoolean,
        lateCutoffAt: sqlDate.nullable(),
        definition: sqlJson,
        seed: sqlNumber,
        createdAt: sqlDate,
        points: sqlNumber,
      }),
    );
    expect(row).toEqual({
      dueAt: assessment.dueAt,
      published: true,
      lateCutoffAt: null,
      definition: problem.definition,
      seed: 7,
      createdAt: variant.createdAt,
      points: placement.points,
    });
    expect(user.id).toBeTruthy();
  });

  it("returns 64-bit integers as numbers", async () => {
    const now = 1_764_215_998_000;
    const [row] = await queryRows(
      database.db,
      "64-bit insert",
      Prisma.sql`
      INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil") VALUES (${"direct:int"}, ${BigInt(now)}, 1, 0)
      RETURNING "windowStart", "count"`,
      z.object({ windowStart: sqlNumber, count: sqlNumber }),
    );
    expect(row.windowStart).toBe(now);
    expect(row.count).toBe(1);
  });

  it("refuses a row that does not match its schema, naming the statement", async () => {
    const refused = await queryRows(database.db, "mistyped", Prisma.sql`SELECT 'seven' AS "seed"`, z.object({ seed: sqlNumber })).catch(
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RowSchemaError);
    expect((refused as Error).message).toMatch(/^A row of the statement "mistyped" does not match its schema:\nseed: /);
  });

  it("commits a write that need not be durable, and leaves the connection's synchronous level as it was", async () => {
    const level = async () =>
      Number(Object.values((await database.db.$queryRawUnsafe<Record<string, unknown>[]>("PRAGMA synchronous"))[0])[0]);
    const before = provider === "sqlite" ? await level() : null;
    const [row] = await queryRows(
      database.db,
      "relaxed insert",
      Prisma.sql`INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil") VALUES (${"direct:relaxed"}, ${BigInt(5)}, 3, 0) RETURNING "count"`,
      z.object({ count: sqlNumber }),
      { durable: false },
    );
    expect(row.count).toBe(3);
    expect(await database.db.rateLimitBucket.findUniqueOrThrow({ where: { key: "direct:relaxed" } })).toMatchObject({ count: 3 });
    if (provider === "sqlite") expect(await level()).toBe(before);
  });

  it("recognises which unique index refused an insert", async () => {
    const { user, problem, placement, variant } = await placedVariant("unique");
    const base = { variantId: variant.id, userId: user.id, placementId: placement.id, problemId: problem.id, at: new Date() };
    await insert({ ...base, id: "u-1", attempt: 1, key: "same-key" });
    const sameAttempt = await insert({ ...base, id: "u-2", attempt: 1, key: "other-key" }).catch((error: unknown) => error);
    expect(isUniqueViolation(sameAttempt, "attempt")).toBe(true);
    expect(isUniqueViolation(sameAttempt, "idempotencyKey")).toBe(false);
    const sameKey = await insert({ ...base, id: "u-3", attempt: 2, key: "same-key" }).catch((error: unknown) => error);
    expect(isUniqueViolation(sameKey, "idempotencyKey")).toBe(true);
    expect(isUniqueViolation(sameKey, "attempt")).toBe(false);
    expect(isUniqueViolation(new Error("UNIQUE constraint failed: Submission.attempt"), "attempt")).toBe(false);
    expect(await database.db.submission.count({ where: { variantId: variant.id } })).toBe(1);
  });

  it("commits writes asked for together, each all-or-nothing: a refused one takes none of its neighbours with it", async () => {
    const { user, problem, placement, variant } = await placedVariant("group");
    const base = { variantId: variant.id, userId: user.id, placementId: placement.id, problemId: problem.id, key: null, at: new Date() };
    const outcomes = await Promise.allSettled([
      insert({ ...base, id: "g-1", attempt: 1 }, { commitTogether: true }),
      insert({ ...base, id: "g-2", attempt: 1 }, { commitTogether: true }), // the same attempt: refused
      insert({ ...base, id: "g-3", attempt: 2 }, { commitTogether: true }),
    ]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    expect(isUniqueViolation((outcomes[1] as PromiseRejectedResult).reason, "attempt")).toBe(true);
    const stored = await database.db.submission.findMany({
      where: { variantId: variant.id },
      orderBy: { attempt: "asc" },
      select: { id: true, attempt: true },
    });
    expect(stored).toEqual([
      { id: "g-1", attempt: 1 },
      { id: "g-3", attempt: 2 },
    ]);
  });

  it("never runs inside an interactive transaction of the same client, so a rollback there cannot take it away", async () => {
    const { db } = database;
    const { user } = await placedVariant("tx");
    let releaseTransaction!: () => void;
    const held = new Promise<void>((resolve) => (releaseTransaction = resolve));
    let insideTransaction!: () => void;
    const started = new Promise<void>((resolve) => (insideTransaction = resolve));
    const transaction = db
      .$transaction(async (tx) => {
        await tx.user.update({ where: { id: user.id }, data: { name: "renamed in a transaction" } });
        insideTransaction();
        await held;
        throw new Error("rolled back on purpose");
      })
      .catch((error: Error) => error.message);
    await started;
    const direct = directSql(db).query(Prisma.sql`
      INSERT INTO "RateLimitBucket" ("key", "windowStart", "count", "blockedUntil") VALUES (${"direct:tx"}, ${BigInt(1)}, 1, 0)`);
    // The direct statement may be waiting for the transaction (SQLite, one connection) or done already (PostgreSQL, a pool).
    await new Promise((resolve) => setTimeout(resolve, 50));
    releaseTransaction();
    expect(await transaction).toBe("rolled back on purpose");
    await direct;
    expect(await db.rateLimitBucket.count({ where: { key: "direct:tx" } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).name).toBe("tx");
  });
  // SQLite's statements are prepared once by the adapter's statement cache (test/lib/db/sqlite-adapter.test.ts).
  if (provider === "postgresql")
    it("prepares each statement once per PostgreSQL connection and runs it again by name", async () => {
      const count = (key: string) =>
        queryRows(
          database.db,
          "count",
          Prisma.sql`SELECT COUNT(*) AS "n" FROM "RateLimitBucket" WHERE "key" = ${key}`,
          z.object({ n: sqlNumber }),
        );
      // One after another on an idle pool: node-postgres hands out the most recently released connection, so the same one.
      for (const key of ["prepared:a", "prepared:b", "prepared:c"]) expect(await count(key)).toEqual([{ n: 0 }]);
      const statements = await queryRows(
        database.db,
        "prepared statements",
        Prisma.sql`
      SELECT "name", "statement", ("generic_plans" + "custom_plans") AS "runs" FROM pg_prepared_statements`,
        z.object({ name: z.string(), statement: z.string(), runs: sqlNumber }),
      );
      const counted = statements.filter((row) => row.statement.includes('COUNT(*) AS "n" FROM "RateLimitBucket"'));
      expect(counted).toHaveLength(1);
      expect(counted[0].name).toMatch(/^chainrule_[0-9a-f]{20}$/);
      expect(counted[0].runs).toBe(3);
    });

  if (provider === "postgresql")
    it("runs reads and writes that need not be durable on the pipelined connection, which does not wait for the disk, and durable writes on the pool", async () => {
      const commitLevel = (db: typeof database.db, options?: QueryOptions) =>
        queryRows(
          db,
          "commit level",
          Prisma.sql`SELECT current_setting('synchronous_commit') AS "level", pg_backend_pid() AS "backend"`,
          z.object({ level: z.string(), backend: sqlNumber }),
          options,
        ).then((rows) => rows[0]);
      const [read, relaxed, durable] = [
        await commitLevel(database.db, { readOnly: true }),
        await commitLevel(database.db, { durable: false }),
        await commitLevel(database.db),
      ];
      expect([read.level, relaxed.level, durable.level]).toEqual(["off", "off", "on"]);
      // One pipelined connection by default, beside the pool.
      expect(relaxed.backend).toBe(read.backend);
      expect(durable.backend).not.toBe(read.backend);

      const setting = process.env.CHAINRULE_PG_PIPELINED_CONNECTIONS;
      process.env.CHAINRULE_PG_PIPELINED_CONNECTIONS = "0";
      const poolOnly = createDb(database.target);
      if (setting === undefined) delete process.env.CHAINRULE_PG_PIPELINED_CONNECTIONS;
      else process.env.CHAINRULE_PG_PIPELINED_CONNECTIONS = setting;
      try {
        expect((await commitLevel(poolOnly, { readOnly: true })).level).toBe("on");
        expect((await commitLevel(poolOnly, { durable: false })).level).toBe("on");
      } finally {
        await poolOnly.$disconnect();
      }
    });

  if (provider === "postgresql")
    it("closes the connections of a client that ran only direct SQL when it disconnects", async () => {
      const own = createDb(database.target);
      const backends = () =>
        queryRows(
          database.db,
          "backends",
          Prisma.sql`
        SELECT COUNT(*) AS "n" FROM pg_stat_activity WHERE "datname" = current_database() AND "application_name" = 'direct-sql-disconnect'`,
          z.object({ n: sqlNumber }),
        );
      await directSql(own).query(Prisma.sql`SELECT set_config('application_name', 'direct-sql-disconnect', false) AS "set"`);
      expect(await backends()).toEqual([{ n: 1 }]);
      await own.$disconnect();
      // The server drops a backend from pg_stat_activity once it has seen the socket close, a moment after the client.
      let left = await backends();
      for (let waited = 0; left[0].n !== 0 && waited < 5_000; waited += 50) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        left = await backends();
      }
      expect(left).toEqual([{ n: 0 }]);
    });
});
