-- AlterTable
ALTER TABLE "LiveMonitor" ADD COLUMN     "verifyAttempt" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "verifyingSince" TIMESTAMP(3);
