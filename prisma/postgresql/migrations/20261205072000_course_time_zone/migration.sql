-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "timeZone" TEXT NOT NULL DEFAULT 'UTC';

