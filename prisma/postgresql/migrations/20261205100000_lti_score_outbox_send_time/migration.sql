-- DropIndex
DROP INDEX "LtiScoreOutbox_lineItemId_userId_sequence_key";

-- AlterTable
ALTER TABLE "LtiScoreOutbox" DROP COLUMN "score",
DROP COLUMN "sequence",
ADD COLUMN     "gradingProgress" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "leaseOwner" TEXT,
ADD COLUMN     "scoreGiven" DOUBLE PRECISION,
ADD COLUMN     "scoreMaximum" DOUBLE PRECISION,
ADD COLUMN     "timestamp" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_lineItemId_userId_state_idx" ON "LtiScoreOutbox"("lineItemId", "userId", "state");

