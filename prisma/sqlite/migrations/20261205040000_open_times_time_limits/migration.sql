-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN "opensAt" DATETIME;
ALTER TABLE "Assessment" ADD COLUMN "timeLimitMinutes" INTEGER;

-- CreateTable
CREATE TABLE "AssessmentStart" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AssessmentStart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssessmentStart_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "AssessmentStart_assessmentId_idx" ON "AssessmentStart"("assessmentId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentStart_userId_assessmentId_key" ON "AssessmentStart"("userId", "assessmentId");

