-- CreateEnum
CREATE TYPE "FeedbackMode" AS ENUM ('PRACTICE', 'HOMEWORK', 'EXAM');

-- AlterEnum
ALTER TYPE "ScoringPolicy" ADD VALUE 'BEST_PER_PART';

-- AlterTable
ALTER TABLE "Assessment" ADD COLUMN     "feedbackMode" "FeedbackMode" NOT NULL DEFAULT 'PRACTICE',
ADD COLUMN     "handoutNumbers" BOOLEAN NOT NULL DEFAULT false;

