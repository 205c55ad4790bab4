-- AlterTable
ALTER TABLE "ScoreOverride" ADD COLUMN     "rubricItemIds" JSONB,
ADD COLUMN     "submissionId" TEXT;

-- CreateTable
CREATE TABLE "GradingClaim" (
    "id" TEXT NOT NULL,
    "assessmentProblemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "claimedById" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "GradingClaim_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "GradingClaim_claimedById_idx" ON "GradingClaim"("claimedById");

-- CreateIndex
CREATE UNIQUE INDEX "GradingClaim_assessmentProblemId_userId_partId_key" ON "GradingClaim"("assessmentProblemId", "userId", "partId");

