import Database from "better-sqlite3";
import { E2E_DATABASE_FILE } from "./server-settings";

// The browser tests' server runs on a fresh SQLite file seeded with the demo
// course (scripts/test/e2e-server.mjs); tests read ids from it directly.

export interface DemoIds {
  courseId: string;
  inviteCode: string;
  section07Id: string;
}

/** From the main test server's database, or another's (test/e2e/support/extra-server.ts). */
export function demoIds(databaseFile: string = E2E_DATABASE_FILE): DemoIds {
  const db = new Database(databaseFile, { readonly: true });
  try {
    const course = db.prepare("SELECT id, inviteCode FROM Course WHERE slug = 'ml-demo'").get() as { id: string; inviteCode: string };
    const assessment = db.prepare("SELECT id FROM Assessment WHERE courseId = ? AND slug = 'section-07'").get(course.id) as { id: string };
    return { courseId: course.id, inviteCode: course.inviteCode, section07Id: assessment.id };
  } finally {
    db.close();
  }
}

/** One value read from a test server's database (the main one by default): what an action changed, an id to use. */
export function readDb<T>(sql: string, ...params: unknown[]): T {
  const db = new Database(E2E_DATABASE_FILE, { readonly: true });
  try {
    return db.prepare(sql).pluck().get(...params) as T;
  } finally {
    db.close();
  }
}
