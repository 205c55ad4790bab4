-- CreateTable
CREATE TABLE "AssessmentException" (
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
    CONSTRAINT "AssessmentException_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssessmentException_assessmentId_userId_idx" ON "AssessmentException"("assessmentId", "userId");

-- CreateIndex
CREATE INDEX "AssessmentException_courseId_userId_idx" ON "AssessmentException"("courseId", "userId");

