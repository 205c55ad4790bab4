-- CreateTable
CREATE TABLE "LtiRegistrationLink" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "tokenHash" TEXT NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "revokedAt" DATETIME,
    "platformId" TEXT,
    CONSTRAINT "LtiRegistrationLink_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "LtiRegistrationLink_platformId_fkey" FOREIGN KEY ("platformId") REFERENCES "LtiPlatform" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "LtiRegistrationLink_tokenHash_key" ON "LtiRegistrationLink"("tokenHash");

-- CreateIndex
CREATE INDEX "LtiRegistrationLink_createdById_idx" ON "LtiRegistrationLink"("createdById");

