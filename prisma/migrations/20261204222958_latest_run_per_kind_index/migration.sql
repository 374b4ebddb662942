-- CreateIndex
CREATE INDEX "DeployRun_tenantId_kind_finishedAt_id_idx" ON "DeployRun"("tenantId", "kind", "finishedAt" DESC, "id" DESC);
