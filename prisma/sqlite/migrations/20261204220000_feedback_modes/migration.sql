-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Assessment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,
    "published" BOOLEAN NOT NULL DEFAULT false,
    "dueAt" DATETIME,
    "attemptLimit" INTEGER,
    "latePenaltyPerDay" REAL NOT NULL DEFAULT 0,
    "lateCutoffAt" DATETIME,
    "scoringPolicy" TEXT NOT NULL DEFAULT 'BEST',
    "revealPolicy" TEXT NOT NULL DEFAULT 'AFTER_DUE',
    "feedbackMode" TEXT NOT NULL DEFAULT 'PRACTICE',
    "handoutNumbers" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Assessment_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Assessment" ("attemptLimit", "courseId", "createdAt", "description", "dueAt", "id", "lateCutoffAt", "latePenaltyPerDay", "position", "published", "revealPolicy", "scoringPolicy", "slug", "title", "updatedAt") SELECT "attemptLimit", "courseId", "createdAt", "description", "dueAt", "id", "lateCutoffAt", "latePenaltyPerDay", "position", "published", "revealPolicy", "scoringPolicy", "slug", "title", "updatedAt" FROM "Assessment";
DROP TABLE "Assessment";
ALTER TABLE "new_Assessment" RENAME TO "Assessment";
CREATE INDEX "Assessment_courseId_position_idx" ON "Assessment"("courseId", "position");
CREATE UNIQUE INDEX "Assessment_courseId_slug_key" ON "Assessment"("courseId", "slug");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

