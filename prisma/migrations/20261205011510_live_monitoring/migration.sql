-- CreateTable
CREATE TABLE "LiveMonitor" (
    "tenantId" TEXT NOT NULL,
    "intervalMinutes" INTEGER NOT NULL DEFAULT 5,
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "lastCheckAt" TIMESTAMP(3),
    "lastCheckId" TEXT,
    "lastStatus" TEXT,
    "failingSince" TIMESTAMP(3),
    "failingCheckId" TEXT,
    "failingCause" TEXT,
    "openIncidentId" TEXT,
    "certWarnedFor" TIMESTAMP(3),
    "webhookUrl" TEXT,
    "webhookSecretEncrypted" TEXT,
    "publicToken" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LiveMonitor_pkey" PRIMARY KEY ("tenantId")
);

-- CreateTable
CREATE TABLE "LiveCheck" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "slotAt" TIMESTAMP(3) NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "finishedAt" TIMESTAMP(3),
    "status" TEXT NOT NULL DEFAULT 'running',
    "responseMs" INTEGER,
    "cause" TEXT,
    "certExpiresAt" TIMESTAMP(3),
    "resultsJson" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "LiveCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LiveRollup" (
    "tenantId" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "checks" INTEGER NOT NULL,
    "passes" INTEGER NOT NULL,
    "responseMsSum" INTEGER NOT NULL,
    "responseMsMax" INTEGER NOT NULL,

    CONSTRAINT "LiveRollup_pkey" PRIMARY KEY ("tenantId","day")
);

-- CreateTable
CREATE TABLE "LiveIncident" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3),
    "cause" TEXT NOT NULL,
    "checkId" TEXT,

    CONSTRAINT "LiveIncident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "href" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OutboxEmail" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "toAddress" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sentAt" TIMESTAMP(3),
    "error" TEXT,

    CONSTRAINT "OutboxEmail_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "WebhookDelivery" (
    "id" TEXT NOT NULL,
    "tenantId" TEXT NOT NULL,
    "eventKey" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "ok" BOOLEAN NOT NULL,
    "httpStatus" INTEGER,
    "error" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "WebhookDelivery_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "LiveMonitor_publicToken_key" ON "LiveMonitor"("publicToken");

-- CreateIndex
CREATE INDEX "LiveCheck_tenantId_startedAt_idx" ON "LiveCheck"("tenantId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "LiveCheck_startedAt_idx" ON "LiveCheck"("startedAt");

-- CreateIndex
CREATE UNIQUE INDEX "LiveCheck_tenantId_slotAt_key" ON "LiveCheck"("tenantId", "slotAt");

-- CreateIndex
CREATE INDEX "LiveRollup_day_idx" ON "LiveRollup"("day");

-- CreateIndex
CREATE INDEX "LiveIncident_tenantId_startedAt_idx" ON "LiveIncident"("tenantId", "startedAt" DESC);

-- CreateIndex
CREATE INDEX "Notification_tenantId_createdAt_idx" ON "Notification"("tenantId", "createdAt" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "Notification_tenantId_eventKey_key" ON "Notification"("tenantId", "eventKey");

-- CreateIndex
CREATE INDEX "OutboxEmail_createdAt_idx" ON "OutboxEmail"("createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "OutboxEmail_tenantId_eventKey_toAddress_key" ON "OutboxEmail"("tenantId", "eventKey", "toAddress");

-- CreateIndex
CREATE INDEX "WebhookDelivery_tenantId_createdAt_idx" ON "WebhookDelivery"("tenantId", "createdAt" DESC);

-- AddForeignKey
ALTER TABLE "LiveMonitor" ADD CONSTRAINT "LiveMonitor_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveCheck" ADD CONSTRAINT "LiveCheck_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveRollup" ADD CONSTRAINT "LiveRollup_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LiveIncident" ADD CONSTRAINT "LiveIncident_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OutboxEmail" ADD CONSTRAINT "OutboxEmail_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "WebhookDelivery" ADD CONSTRAINT "WebhookDelivery_tenantId_fkey" FOREIGN KEY ("tenantId") REFERENCES "Tenant"("id") ON DELETE CASCADE ON UPDATE CASCADE;
