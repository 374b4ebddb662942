-- CreateIndex
CREATE INDEX "DeployRun_tenantId_startedAt_idx" ON "DeployRun"("tenantId", "startedAt" DESC);
