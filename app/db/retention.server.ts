import { getEnv } from "~/env.server";
import { db } from "./client.server";

/**
 * What the database keeps, and for how long. Each kind of row is swept on the write path that adds
 * rows of that kind, at most SWEEP_BATCH rows a time and through an index, so cleaning keeps pace
 * with growth without a scheduler and costs every write the same small amount:
 * - sessions: until they expire (a new session sweeps expired ones);
 * - rate-limit counters: a day after their window ends (the longest any rule looks back; a new session sweeps them);
 * - pre-flight and verification runs: 90 days, but always the latest of each kind (a new run sweeps its workspace's);
 * - audit rows: AUDIT_RETENTION_DAYS, one year by default (a new run sweeps its workspace's);
 * - scheduled checks of a LIVE workspace: 7 days raw, 90 days as daily rollups; webhook deliveries
 *   and notifications 90 days (a workspace's first scheduled check of a day sweeps its workspace's,
 *   up to a day of checks at the shortest interval). A workspace checked every minute keeps at most
 *   about 10,000 raw checks and 90 rollups.
 */
export const LIVE_CHECK_RETENTION_DAYS = 7;
export const LIVE_ROLLUP_RETENTION_DAYS = 90;
export const RUN_RETENTION_DAYS = 90;
const SWEEP_BATCH = 200;

export async function sweepExpiredSessionsAndCounters() {
  await db().$executeRaw`
    DELETE FROM "Session" WHERE "id" IN (SELECT "id" FROM "Session" WHERE "expiresAt" < now() LIMIT ${SWEEP_BATCH})`;
  await db().$executeRaw`
    DELETE FROM "RateLimit" WHERE "key" IN (SELECT "key" FROM "RateLimit" WHERE "expire" < now() - interval '1 day' LIMIT ${SWEEP_BATCH})`;
}

export async function sweepWorkspaceHistory(tenantId: string) {
  await db().$executeRaw`
    DELETE FROM "DeployRun" WHERE "id" IN (
      SELECT old."id" FROM "DeployRun" AS old
      WHERE old."tenantId" = ${tenantId} AND old."finishedAt" < now() - (${RUN_RETENTION_DAYS}::int * interval '1 day')
        AND old."id" <> (SELECT latest."id" FROM "DeployRun" AS latest WHERE latest."tenantId" = old."tenantId" AND latest."kind" = old."kind"
                         ORDER BY latest."finishedAt" DESC, latest."id" DESC LIMIT 1)
      LIMIT ${SWEEP_BATCH})`;
  await db().$executeRaw`
    DELETE FROM "AuditLog" WHERE "id" IN (
      SELECT "id" FROM "AuditLog" WHERE "tenantId" = ${tenantId} AND "createdAt" < now() - (${getEnv().auditRetentionDays}::int * interval '1 day')
      LIMIT ${SWEEP_BATCH})`;
}

/** Swept once a day per workspace, so each sweep takes up to a day of checks at the operator's shortest interval (10 s). */
const DAILY_CHECK_BATCH = 9000;

export async function sweepLiveHistory(tenantId: string) {
  await db().$executeRaw`
    DELETE FROM "LiveCheck" WHERE "id" IN (
      SELECT "id" FROM "LiveCheck" WHERE "tenantId" = ${tenantId} AND "startedAt" < now() - (${LIVE_CHECK_RETENTION_DAYS}::int * interval '1 day')
      LIMIT ${DAILY_CHECK_BATCH})`;
  await db().$executeRaw`
    DELETE FROM "LiveRollup" WHERE "tenantId" = ${tenantId} AND "day" < (now() - (${LIVE_ROLLUP_RETENTION_DAYS}::int * interval '1 day'))::date`;
  await db().$executeRaw`
    DELETE FROM "WebhookDelivery" WHERE "id" IN (
      SELECT "id" FROM "WebhookDelivery" WHERE "tenantId" = ${tenantId} AND "createdAt" < now() - (${LIVE_ROLLUP_RETENTION_DAYS}::int * interval '1 day')
      LIMIT ${SWEEP_BATCH})`;
  await db().$executeRaw`
    DELETE FROM "Notification" WHERE "id" IN (
      SELECT "id" FROM "Notification" WHERE "tenantId" = ${tenantId} AND "createdAt" < now() - (${LIVE_ROLLUP_RETENTION_DAYS}::int * interval '1 day')
      LIMIT ${SWEEP_BATCH})`;
}
