import { backupSqlite } from "@/scripts/db/backup";
import { restoreSqlite } from "@/scripts/db/restore";
import { createDb } from "@/lib/db/client";
import { sqliteFilePath } from "@/lib/db/provider";
import { submitAnswers } from "@/lib/submissions/submit-answers";
import { mkdtempSync, existsSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { useTestDatabase } from "@/test/harness/test-database";
import { createCourseFixture } from "../../support/course-fixture";

describe("SQLite backup and restore", () => {
  const testDb = useTestDatabase("sqlite");

  it("restores a backup taken while the app was writing, with every submission it held and nothing after", async () => {
    const { db, target } = testDb;
    const { addUser } = await createCourseFixture(db);
    const student = await addUser("STUDENT");
    const submit = (i: number) =>
      submitAnswers({ db, userId: student.id, slug: "nn-backprop", answers: { "d.dW0": "(W1.T * z) @ x.T" }, idempotencyKey: `k${i}` });
    for (let i = 0; i < 5; i++) await submit(i);
    const backedUp = (await db.submission.findMany({ select: { id: true, idempotencyKey: true }, orderBy: { attempt: "asc" } })).map(
      (s) => s.id,
    );

    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-backup-"));
    const backup = await backupSqlite(sqliteFilePath(target.url), path.join(dir, "backup.db"));
    expect(backup.submissions).toBe(5);
    await submit(5); // after the backup: gone once restored
    await db.$disconnect();

    const restored = restoreSqlite(backup.file, sqliteFilePath(target.url));
    expect(restored.submissions).toBe(5);
    expect(restored.previous && existsSync(restored.previous)).toBe(true);

    const reopened = createDb(target);
    try {
      const ids = (await reopened.submission.findMany({ select: { id: true }, orderBy: { attempt: "asc" } })).map((s) => s.id);
      expect(ids).toEqual(backedUp);
    } finally {
      await reopened.$disconnect();
    }
  });

  it("refuses a file that is not a Chainrule database and leaves the database alone", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "chainrule-backup-"));
    const bogus = path.join(dir, "notes.db");
    writeFileSync(bogus, "not a database at all, just some text that is long enough to not be empty");
    expect(() => restoreSqlite(bogus, path.join(dir, "target.db"))).toThrow();
    expect(existsSync(path.join(dir, "target.db"))).toBe(false);
  });
});
