-- An exception is for exactly one student or one section, and a course-level
-- accommodation (no assessment) is for one student, with terms that never
-- take anything away. SQLite cannot add a CHECK to an existing table, so the
-- table is rebuilt with it, the way Prisma redefines SQLite tables. A CHECK
-- rather than triggers: the same expression as PostgreSQL's, one statement
-- per rule, and it survives ALTER TABLE ADD COLUMN and RENAME as triggers do
-- (a later Prisma redefine of this table would drop either: the raw-insert
-- test in test/lib/exceptions/database-checks.test.ts fails if it does).
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AssessmentException" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "assessmentId" TEXT,
    "userId" TEXT,
    "section" TEXT,
    "dueAt" DATETIME,
    "lateCutoffAt" DATETIME,
    "extraAttempts" INTEGER NOT NULL DEFAULT 0,
    "timeMultiplier" REAL NOT NULL DEFAULT 1,
    "reason" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentException_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentException_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentException_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentException_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "AssessmentException_one_target_check" CHECK (
        (("userId" IS NULL) <> ("section" IS NULL))
        AND ("assessmentId" IS NOT NULL OR "userId" IS NOT NULL)
        AND "extraAttempts" >= 0
        AND "timeMultiplier" >= 1
    )
);
INSERT INTO "new_AssessmentException" ("id", "courseId", "assessmentId", "userId", "section", "dueAt", "lateCutoffAt", "extraAttempts", "timeMultiplier", "reason", "createdById", "createdAt")
SELECT "id", "courseId", "assessmentId", "userId", "section", "dueAt", "lateCutoffAt", "extraAttempts", "timeMultiplier", "reason", "createdById", "createdAt" FROM "AssessmentException";
DROP TABLE "AssessmentException";
ALTER TABLE "new_AssessmentException" RENAME TO "AssessmentException";
CREATE INDEX "AssessmentException_assessmentId_userId_idx" ON "AssessmentException"("assessmentId", "userId");
CREATE INDEX "AssessmentException_courseId_userId_idx" ON "AssessmentException"("courseId", "userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;
