-- AlterTable
ALTER TABLE "Problem" ADD COLUMN     "authorFormat" TEXT,
ADD COLUMN     "authorText" TEXT;

