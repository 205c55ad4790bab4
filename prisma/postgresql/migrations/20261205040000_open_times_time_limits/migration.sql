-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "opensAt" TIMESTAMP(3),
ADD COLUMN     "timeLimitMinutes" INTEGER;

-- CreateTable
CREATE TABLE "AssessmentStart" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "assessmentId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssessmentStart_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssessmentStart_assessmentId_idx" ON "AssessmentStart"("assessmentId");

-- CreateIndex
CREATE UNIQUE INDEX "AssessmentStart_userId_assessmentId_key" ON "AssessmentStart"("userId", "assessmentId");

-- AddForeignKey
ALTER TABLE "AssessmentStart" ADD CONSTRAINT "AssessmentStart_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssessmentStart" ADD CONSTRAINT "AssessmentStart_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

