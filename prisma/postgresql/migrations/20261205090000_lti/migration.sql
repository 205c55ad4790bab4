-- CreateEnum
CREATE TYPE "LtiScoreState" AS ENUM ('PENDING', 'SENDING', 'SENT', 'SUPERSEDED', 'FAILED');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "isAdmin" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "mayRegisterLtiPlatforms" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "LtiPlatform" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "clientId" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "authLoginUrl" TEXT NOT NULL,
    "accessTokenUrl" TEXT NOT NULL,
    "jwksUrl" TEXT NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiPlatform_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiDeployment" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiDeployment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiToolKey" (
    "id" TEXT NOT NULL,
    "kid" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateKeyEncrypted" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "activatedAt" TIMESTAMP(3),
    "retiredAt" TIMESTAMP(3),

    CONSTRAINT "LtiToolKey_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiLoginState" (
    "state" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "targetLinkUri" TEXT NOT NULL DEFAULT '',
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiLoginState_pkey" PRIMARY KEY ("state")
);

-- CreateTable
CREATE TABLE "LtiUsedNonce" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "nonce" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiUsedNonce_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiUserLink" (
    "id" TEXT NOT NULL,
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "platformId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastLaunchAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiUserLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiCourseLink" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "contextId" TEXT NOT NULL,
    "courseId" TEXT NOT NULL,
    "contextLabel" TEXT NOT NULL DEFAULT '',
    "contextTitle" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiCourseLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiResourceLink" (
    "id" TEXT NOT NULL,
    "platformId" TEXT NOT NULL,
    "courseLinkId" TEXT NOT NULL,
    "resourceLinkId" TEXT NOT NULL,
    "title" TEXT NOT NULL DEFAULT '',
    "assessmentId" TEXT,
    "assessmentProblemId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiResourceLink_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiLineItem" (
    "id" TEXT NOT NULL,
    "resourceLinkId" TEXT,
    "assessmentId" TEXT NOT NULL,
    "lineItemUrl" TEXT NOT NULL,
    "lineItemsUrl" TEXT NOT NULL DEFAULT '',
    "scoreMaximum" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiLineItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiScoreOutbox" (
    "id" TEXT NOT NULL,
    "lineItemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "sequence" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "scoredAt" TIMESTAMP(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "state" "LtiScoreState" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "leaseExpiresAt" TIMESTAMP(3),
    "lastError" TEXT NOT NULL DEFAULT '',
    "sentAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LtiScoreOutbox_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LtiRosterSync" (
    "id" TEXT NOT NULL,
    "courseLinkId" TEXT NOT NULL,
    "contextMembershipsUrl" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3),
    "finishedAt" TIMESTAMP(3),
    "memberCount" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT NOT NULL DEFAULT '',
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LtiRosterSync_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LtiPlatform_issuer_idx" ON "LtiPlatform"("issuer");

-- CreateIndex
CREATE UNIQUE INDEX "LtiPlatform_issuer_clientId_key" ON "LtiPlatform"("issuer", "clientId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiDeployment_platformId_deploymentId_key" ON "LtiDeployment"("platformId", "deploymentId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiToolKey_kid_key" ON "LtiToolKey"("kid");

-- CreateIndex
CREATE INDEX "LtiLoginState_expiresAt_idx" ON "LtiLoginState"("expiresAt");

-- CreateIndex
CREATE INDEX "LtiUsedNonce_expiresAt_idx" ON "LtiUsedNonce"("expiresAt");

-- CreateIndex
CREATE UNIQUE INDEX "LtiUsedNonce_platformId_nonce_key" ON "LtiUsedNonce"("platformId", "nonce");

-- CreateIndex
CREATE INDEX "LtiUserLink_userId_idx" ON "LtiUserLink"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiUserLink_issuer_subject_key" ON "LtiUserLink"("issuer", "subject");

-- CreateIndex
CREATE INDEX "LtiCourseLink_courseId_idx" ON "LtiCourseLink"("courseId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiCourseLink_platformId_deploymentId_contextId_key" ON "LtiCourseLink"("platformId", "deploymentId", "contextId");

-- CreateIndex
CREATE INDEX "LtiResourceLink_assessmentId_idx" ON "LtiResourceLink"("assessmentId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiResourceLink_platformId_courseLinkId_resourceLinkId_key" ON "LtiResourceLink"("platformId", "courseLinkId", "resourceLinkId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLineItem_resourceLinkId_key" ON "LtiLineItem"("resourceLinkId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiLineItem_assessmentId_lineItemUrl_key" ON "LtiLineItem"("assessmentId", "lineItemUrl");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_state_nextAttemptAt_idx" ON "LtiScoreOutbox"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "LtiScoreOutbox_userId_idx" ON "LtiScoreOutbox"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LtiScoreOutbox_lineItemId_userId_sequence_key" ON "LtiScoreOutbox"("lineItemId", "userId", "sequence");

-- CreateIndex
CREATE UNIQUE INDEX "LtiRosterSync_courseLinkId_key" ON "LtiRosterSync"("courseLinkId");

-- AddForeignKey
ALTER TABLE "LtiPlatform" ADD CONSTRAINT "LtiPlatform_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiDeployment" ADD CONSTRAINT "LtiDeployment_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLoginState" ADD CONSTRAINT "LtiLoginState_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiUsedNonce" ADD CONSTRAINT "LtiUsedNonce_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiUserLink" ADD CONSTRAINT "LtiUserLink_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiUserLink" ADD CONSTRAINT "LtiUserLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiCourseLink" ADD CONSTRAINT "LtiCourseLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiCourseLink" ADD CONSTRAINT "LtiCourseLink_deploymentId_fkey" FOREIGN KEY ("deploymentId") REFERENCES "LtiDeployment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiCourseLink" ADD CONSTRAINT "LtiCourseLink_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiResourceLink" ADD CONSTRAINT "LtiResourceLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiResourceLink" ADD CONSTRAINT "LtiResourceLink_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiResourceLink" ADD CONSTRAINT "LtiResourceLink_assessmentProblemId_fkey" FOREIGN KEY ("assessmentProblemId") REFERENCES "AssessmentProblem"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_resourceLinkId_fkey" FOREIGN KEY ("resourceLinkId") REFERENCES "LtiResourceLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiLineItem" ADD CONSTRAINT "LtiLineItem_assessmentId_fkey" FOREIGN KEY ("assessmentId") REFERENCES "Assessment"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScoreOutbox" ADD CONSTRAINT "LtiScoreOutbox_lineItemId_fkey" FOREIGN KEY ("lineItemId") REFERENCES "LtiLineItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiScoreOutbox" ADD CONSTRAINT "LtiScoreOutbox_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiRosterSync" ADD CONSTRAINT "LtiRosterSync_courseLinkId_fkey" FOREIGN KEY ("courseLinkId") REFERENCES "LtiCourseLink"("id") ON DELETE CASCADE ON UPDATE CASCADE;

