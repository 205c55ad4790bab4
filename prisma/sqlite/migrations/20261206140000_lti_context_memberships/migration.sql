-- CreateTable
CREATE TABLE "LtiContextMembership" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "courseLinkId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "lastSeenAt" DATETIME NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "LtiContextMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiContextMembership_courseLinkId_fkey" FOREIGN KEY ("courseLinkId") REFERENCES "LtiCourseLink" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "LtiContextMembership_courseLinkId_lastSeenAt_idx" ON "LtiContextMembership"("courseLinkId", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "LtiContextMembership_userId_courseLinkId_key" ON "LtiContextMembership"("userId", "courseLinkId");


-- Backfill: a score the LMS accepted shows its student is in that LMS course. Everyone else
-- becomes a member again at their next launch or at the course's next roster sync.
INSERT INTO "LtiContextMembership" ("id", "userId", "courseLinkId", "source", "lastSeenAt", "createdAt", "updatedAt")
SELECT lower(hex(randomblob(12))), pairs."userId", pairs."courseLinkId", 'launch', pairs."lastSentAt", pairs."lastSentAt", pairs."lastSentAt"
FROM (
    SELECT o."userId", rl."courseLinkId", MAX(o."sentAt") AS "lastSentAt"
    FROM "LtiScoreOutbox" o
    JOIN "LtiLineItem" li ON li."id" = o."lineItemId"
    JOIN "LtiResourceLink" rl ON rl."id" = li."resourceLinkId"
    WHERE o."state" = 'SENT' AND o."sentAt" IS NOT NULL
    GROUP BY o."userId", rl."courseLinkId"
) pairs;
