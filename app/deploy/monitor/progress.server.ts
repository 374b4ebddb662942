import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";

/**
 * A manual verification still calling the live URL (a sleeping app takes up to LIVE_WAKE_SECONDS to
 * wake): kept in the database so that step G shows the progress whichever platform process answers
 * the page, and forgotten once the run is stored (or, if a process stopped mid-run, once it is
 * older than the wake-up window and a call's timeout).
 */
export async function markVerifying(tenantId: string) {
  const now = new Date();
  await db().liveMonitor.upsert({
    where: { tenantId },
    create: { tenantId, verifyingSince: now, verifyAttempt: 1 },
    update: { verifyingSince: now, verifyAttempt: 1 },
  });
}

/** The run called again (attempt 2, 3, …); nothing if it has finished meanwhile. */
export async function noteVerifyAttempt(tenantId: string, attempt: number) {
  await db().liveMonitor.updateMany({ where: { tenantId, verifyingSince: { not: null } }, data: { verifyAttempt: attempt } });
}

export async function clearVerifying(tenantId: string) {
  await db().liveMonitor.updateMany({ where: { tenantId }, data: { verifyingSince: null, verifyAttempt: 0 } });
}

export async function verifyProgress(tenantId: string): Promise<{ since: string; attempt: number } | null> {
  const row = await db().liveMonitor.findUnique({ where: { tenantId }, select: { verifyingSince: true, verifyAttempt: true } });
  if (!row?.verifyingSince) return null;
  const env = getEnv();
  const stale = Date.now() - row.verifyingSince.getTime() > env.liveWakeSeconds * 1000 + env.checkTimeoutMs * 2 + 30_000;
  return stale ? null : { since: row.verifyingSince.toISOString(), attempt: row.verifyAttempt };
}
