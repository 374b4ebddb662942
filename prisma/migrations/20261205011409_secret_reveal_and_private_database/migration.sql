-- AlterTable
ALTER TABLE "DeployConfig" ADD COLUMN     "dbCheck" JSONB,
ADD COLUMN     "dbPrivate" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "SecretReveal" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "sealed" TEXT NOT NULL,
    "rotated" BOOLEAN NOT NULL,
    "source" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "shownAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SecretReveal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SecretReveal_sessionId_idx" ON "SecretReveal"("sessionId");

-- CreateIndex
CREATE INDEX "SecretReveal_expiresAt_idx" ON "SecretReveal"("expiresAt");

-- AddForeignKey
ALTER TABLE "SecretReveal" ADD CONSTRAINT "SecretReveal_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
