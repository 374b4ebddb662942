-- CreateIndex
CREATE INDEX "RateLimit_expire_idx" ON "RateLimit"("expire");
