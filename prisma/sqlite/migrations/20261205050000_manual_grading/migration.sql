-- AlterTable
ALTER TABLE "ScoreOverride" ADD COLUMN "rubricItemIds" JSONB;
ALTER TABLE "ScoreOverride" ADD COLUMN "submissionId" TEXT;

-- CreateTable
CREATE TABLE "GradingClaim" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assessmentProblemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "claimedById" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateIndex
CREATE INDEX "GradingClaim_claimedById_idx" ON "GradingClaim"("claimedById");

-- CreateIndex
CREATE UNIQUE INDEX "GradingClaim_assessmentProblemId_userId_partId_key" ON "GradingClaim"("assessmentProblemId", "userId", "partId");

