import Database from "better-sqlite3";
import bcrypt from "bcryptjs";
import { randomBytes } from "node:crypto";
import { E2E_DATABASE_FILE } from "./server-settings";

// The browser tests' server runs on a fresh SQLite file seeded with the demo
// course (test/e2e/support/e2e-server.mjs); tests read ids from it directly.

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
    return db
      .prepare(sql)
      .pluck()
      .get(...params) as T;
  } finally {
    db.close();
  }
}

export interface TestStudent {
  email: string;
  password: string;
}

/**
 * Adds a student to the demo course straight in the server's database, so
 * that a test which locks an account or uses attempts touches no one else's.
 * The password is hashed as the app hashes it (bcrypt, lib/auth/password.ts).
 */
export function addDemoStudent(label: string, databaseFile: string = E2E_DATABASE_FILE): TestStudent {
  const stamp = `${Date.now()}-${randomBytes(3).toString("hex")}`;
  const student = { email: `${label}-${stamp}@chainrule.test`, password: `${label}-long-password` };
  const db = new Database(databaseFile);
  try {
    const { courseId } = demoIds(databaseFile);
    // Prisma's form of a DateTime on SQLite (lib/db/direct-sql.ts).
    const now = new Date().toISOString().replace("Z", "+00:00");
    const userId = `e2e-user-${stamp}`;
    db.prepare("INSERT INTO User (id, email, name, passwordHash, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)").run(
      userId,
      student.email,
      `Test ${label}`,
      bcrypt.hashSync(student.password, 10),
      now,
      now,
    );
    db.prepare("INSERT INTO Enrollment (id, userId, courseId, role, section, createdAt) VALUES (?, ?, ?, 'STUDENT', '', ?)").run(
      `e2e-enrollment-${stamp}`,
      userId,
      courseId,
      now,
    );
  } finally {
    db.close();
  }
  return student;
}
