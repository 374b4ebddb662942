-- AlterTable
ALTER TABLE "LiveMonitor" ADD COLUMN     "nextSlotAt" TIMESTAMP(3);
