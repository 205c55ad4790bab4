-- AlterTable
ALTER TABLE "Problem" ADD COLUMN "authorFormat" TEXT;
ALTER TABLE "Problem" ADD COLUMN "authorText" TEXT;

