-- AlterTable
ALTER TABLE "LtiPlatform" ADD COLUMN     "frameOrigins" JSONB NOT NULL DEFAULT '[]';
