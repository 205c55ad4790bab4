-- CreateTable
CREATE TABLE "LtiRegistrationLink" (
    "id" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "revokedAt" TIMESTAMP(3),
    "platformId" TEXT,

    CONSTRAINT "LtiRegistrationLink_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiRegistrationLink_tokenHash_key" ON "LtiRegistrationLink"("tokenHash");

-- CreateIndex
CREATE INDEX "LtiRegistrationLink_createdById_idx" ON "LtiRegistrationLink"("createdById");

-- AddForeignKey
ALTER TABLE "LtiRegistrationLink" ADD CONSTRAINT "LtiRegistrationLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LtiRegistrationLink" ADD CONSTRAINT "LtiRegistrationLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform"("id") ON DELETE SET NULL ON UPDATE CASCADE;

