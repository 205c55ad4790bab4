-- CreateTable
CREATE TABLE "LtiContextMembership" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "courseLinkId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "lastSeenAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiContextMembership_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LtiContextMembership_courseLinkId_lastSeenAt_idx" ON "LtiContextMembership"("courseLinkId", "lastSeenAt");

-- CreateIndex
CREATE UNIQUE INDEX "LtiContextMembership_userId_courseLinkId_key" ON "LtiContextMembership"("userId", "courseLinkId");

-- AddForeignKey
ALTER TABLE "LtiContextMembership" ADD CONSTRAINT "LtiContextMembership_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiContextMembership" ADD CONSTRAINT "LtiContextMembership_courseLinkId_fkey" FOREIGN KEY ("courseLinkId") REFERENCES "LtiCourseLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill, 1: a score the LMS accepted shows its student is in that LMS course.
INSERT INTO "LtiContextMembership" ("id", "userId", "courseLinkId", "source", "lastSeenAt", "createdAt", "updatedAt")
SELECT md5(random()::text || clock_timestamp()::text), pairs."userId", pairs."courseLinkId", 'launch', pairs."lastSentAt", pairs."lastSentAt", pairs."lastSentAt"
FROM (
    SELECT o."userId", rl."courseLinkId", MAX(o."sentAt") AS "lastSentAt"
    FROM "LtiScoreOutbox" o
    JOIN "LtiLineItem" li ON li."id" = o."lineItemId"
    JOIN "LtiResourceLink" rl ON rl."id" = li."resourceLinkId"
    WHERE o."state" = 'SENT' AND o."sentAt" IS NOT NULL
    GROUP BY o."userId", rl."courseLinkId"
) pairs;

-- Backfill, 2: where a Chainrule course is linked to one LMS course only, its members who have
-- launched from that LMS (an LTI identity of its issuer) are in that LMS course, so their next
-- score is queued as before. A course linked to several LMS courses cannot tell which one: its
-- other members join at their next launch or the next roster sync.
INSERT INTO "LtiContextMembership" ("id", "userId", "courseLinkId", "source", "lastSeenAt", "createdAt", "updatedAt")
SELECT md5(random()::text || clock_timestamp()::text), pairs."userId", pairs."courseLinkId", 'launch', pairs."lastLaunchAt", pairs."lastLaunchAt", pairs."lastLaunchAt"
FROM (
    SELECT e."userId", cl."id" AS "courseLinkId", MAX(ul."lastLaunchAt") AS "lastLaunchAt"
    FROM "LtiCourseLink" cl
    JOIN "LtiPlatform" p ON p."id" = cl."platformId"
    JOIN "Enrollment" e ON e."courseId" = cl."courseId"
    JOIN "LtiUserLink" ul ON ul."userId" = e."userId" AND ul."issuer" = p."issuer"
    WHERE (SELECT COUNT(*) FROM "LtiCourseLink" other WHERE other."courseId" = cl."courseId") = 1
      AND NOT EXISTS (SELECT 1 FROM "LtiContextMembership" m WHERE m."userId" = e."userId" AND m."courseLinkId" = cl."id")
    GROUP BY e."userId", cl."id"
) pairs;
