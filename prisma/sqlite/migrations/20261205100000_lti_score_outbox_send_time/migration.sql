-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_LtiScoreOutbox" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "lineItemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "scoredAt" DATETIME NOT NULL,
    "reason" TEXT NOT NULL,
    "state" TEXT NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseOwner" TEXT,
    "leaseExpiresAt" DATETIME,
    "timestamp" DATETIME,
    "scoreGiven" REAL,
    "scoreMaximum" REAL,
    "gradingProgress" TEXT NOT NULL DEFAULT '',
    "lastError" TEXT NOT NULL DEFAULT '',
    "sentAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "LtiScoreOutbox_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LtiLineItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiScoreOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_LtiScoreOutbox" ("attempts", "createdAt", "id", "lastError", "leaseExpiresAt", "lineItemId", "nextAttemptAt", "reason", "scoredAt", "sentAt", "state", "userId") SELECT "attempts", "createdAt", "id", "lastError", "leaseExpiresAt", "lineItemId", "nextAttemptAt", "reason", "scoredAt", "sentAt", "state", "userId" FROM "LtiScoreOutbox";
DROP TABLE "LtiScoreOutbox";
ALTER TABLE "new_LtiScoreOutbox" RENAME TO "LtiScoreOutbox";
CREATE INDEX "LtiScoreOutbox_state_nextAttemptAt_idx" ON "LtiScoreOutbox"("state", "nextAttemptAt");
CREATE INDEX "LtiScoreOutbox_lineItemId_userId_state_idx" ON "LtiScoreOutbox"("lineItemId", "userId", "state");
CREATE INDEX "LtiScoreOutbox_userId_idx" ON "LtiScoreOutbox"("userId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

