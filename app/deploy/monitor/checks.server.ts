import { randomUUID } from "node:crypto";
import { boundRunChecks } from "~/deploy/checks/check-result";
import type { CheckResult } from "~/deploy/checks/check-result";
import { checkLiveApp, nothingAnswers, type LiveCheckDeps } from "~/deploy/checks/verify.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { db } from "~/db/client.server";
import { sweepLiveHistory } from "~/db/retention.server";
import { getEnv } from "~/env.server";
import { getLogger } from "~/logger.server";
import { raiseAlerts, type AlertEvent, type AlertQueues } from "./alerts.server";
import { CERT_WARN_DAYS, FAILURES_TO_BLOCK, clock, effectiveIntervalSeconds, outcomeOf, type CheckOutcome } from "./schedule";
import { withFullStop } from "~/workspace/format";

/**
 * One scheduled check of a LIVE workspace, for one slot: claimed by inserting the slot's row (one
 * per workspace and slot, so when two platform processes both hold a job for the slot, one calls the
 * app and the other stops), step G's calls through checkLiveApp, then the workspace's health
 * updated under a row lock (two failures in a row open an incident; a pass closes it), the day's
 * rollup counted, and each new event alerted once.
 */
export type ScheduledCheckResult =
  { ran: false; reason: "not_live" | "slot_taken" | "waking" } | { ran: true; checkId: string; outcome: CheckOutcome; events: AlertEvent[] };
type Deps = LiveCheckDeps & AlertQueues;

/** Claims the slot (its LiveCheck row); null when another process has it. */
async function claimSlot(tenantId: string, slotAt: Date) {
  const checkId = randomUUID();
  const startedAt = new Date();
  const claimed = await db().$executeRaw`
    INSERT INTO "LiveCheck" ("id", "tenantId", "slotAt", "startedAt", "status")
    VALUES (${checkId}, ${tenantId}, ${slotAt}, ${startedAt}, 'running')
    ON CONFLICT ("tenantId", "slotAt") DO NOTHING`;
  return claimed === 0 ? null : { checkId, startedAt };
}

/** The whole check in one call, waking a sleeping app within the call (LIVE_WAKE_SECONDS). */
export async function runScheduledCheck(tenantId: string, slotAt: Date, deps: Deps = {}): Promise<ScheduledCheckResult> {
  const state = await deployState(tenantId);
  if (state.row.status !== "live" || !state.row.appUrl) return { ran: false, reason: "not_live" };
  const claim = await claimSlot(tenantId, slotAt);
  if (!claim) return { ran: false, reason: "slot_taken" };
  return finishCheck(tenantId, { ...claim, checks: await checkLiveApp(tenantId, state, deps) }, deps);
}

/** A check waiting for its app to wake: the next attempt, and until when to try. */
export type WakeState = { checkId: string; startedAt: string; until: string; attempt: number };
export const WAKE_RETRY_MS = 3000;

/**
 * The scheduler's way: one attempt at a time. While nothing answers and the wake-up window lasts,
 * `retry` queues the next attempt (true when queued) and the check stays running, so a sleeping app
 * holds none of the process's check slots while it is waited for; otherwise the check is finished.
 */
export async function runScheduledAttempt(
  tenantId: string,
  slotAt: Date,
  wake: WakeState | null,
  deps: Deps & { retry: (next: WakeState, at: Date) => Promise<boolean> },
): Promise<ScheduledCheckResult> {
  const state = await deployState(tenantId);
  if (state.row.status !== "live" || !state.row.appUrl) {
    // Taken off LIVE while its app was waited for: that slot's check is void.
    if (wake) await db().$executeRaw`DELETE FROM "LiveCheck" WHERE "id" = ${wake.checkId} AND "status" = 'running'`;
    return { ran: false, reason: "not_live" };
  }
  let current: WakeState;
  if (wake) current = wake;
  else {
    const claim = await claimSlot(tenantId, slotAt);
    if (!claim) return { ran: false, reason: "slot_taken" };
    const until = new Date(claim.startedAt.getTime() + (deps.wakeSeconds ?? getEnv().liveWakeSeconds) * 1000);
    current = { checkId: claim.checkId, startedAt: claim.startedAt.toISOString(), until: until.toISOString(), attempt: 1 };
  }
  deps.onAttempt?.(current.attempt);
  const checks = await checkLiveApp(tenantId, state, { ...deps, wakeSeconds: 0 });
  const until = new Date(current.until).getTime();
  if (nothingAnswers(checks) && Date.now() < until) {
    const at = new Date(Math.min(until, Date.now() + WAKE_RETRY_MS));
    if (await deps.retry({ ...current, attempt: current.attempt + 1 }, at)) return { ran: false, reason: "waking" };
  }
  return finishCheck(tenantId, { checkId: current.checkId, startedAt: new Date(current.startedAt), checks }, deps);
}

/** The check's result stored, the day's rollup counted, the health updated and each new event alerted. */
async function finishCheck(tenantId: string, check: { checkId: string; startedAt: Date; checks: CheckResult[] }, deps: Deps): Promise<ScheduledCheckResult> {
  const { checkId, startedAt, checks } = check;
  const outcome = outcomeOf(checks);
  const finishedAt = new Date();
  await db().liveCheck.update({
    where: { id: checkId },
    data: {
      finishedAt,
      status: outcome.status,
      responseMs: outcome.responseMs,
      cause: outcome.cause,
      certExpiresAt: outcome.certExpiresAt,
      resultsJson: { checks: boundRunChecks(checks) },
    },
  });
  // The day's rollup: uptime over 30 days is read from these, raw checks are kept 7 days.
  const passed = outcome.status === "fail" ? 0 : 1;
  const ms = outcome.responseMs ?? 0;
  const [rollup] = await db().$queryRaw<{ newDay: boolean }[]>`
    INSERT INTO "LiveRollup" ("tenantId", "day", "checks", "passes", "responseMsSum", "responseMsMax")
    VALUES (${tenantId}, ${startedAt}::date, 1, ${passed}, ${ms}, ${ms})
    ON CONFLICT ("tenantId", "day") DO UPDATE SET "checks" = "LiveRollup"."checks" + 1, "passes" = "LiveRollup"."passes" + ${passed},
      "responseMsSum" = "LiveRollup"."responseMsSum" + ${ms}, "responseMsMax" = GREATEST("LiveRollup"."responseMsMax", ${ms})
    RETURNING ("checks" = 1) AS "newDay"`;

  const events = await applyOutcome(tenantId, { checkId, startedAt, outcome });
  if (events.length) await raiseAlerts(tenantId, events, { webhooks: deps.webhooks, mail: deps.mail });
  // The workspace's first check of a day clears what has aged out: once a day, not on every check.
  if (rollup?.newDay) await sweepLiveHistory(tenantId);
  return { ran: true, checkId, outcome, events };
}

/** The workspace's health after a check, in one transaction with its row locked; the events it caused. */
async function applyOutcome(tenantId: string, check: { checkId: string; startedAt: Date; outcome: CheckOutcome }): Promise<AlertEvent[]> {
  const { outcome } = check;
  return db().$transaction(async (tx) => {
    await tx.liveMonitor.upsert({ where: { tenantId }, create: { tenantId }, update: {} });
    await tx.$executeRaw`SELECT 1 FROM "LiveMonitor" WHERE "tenantId" = ${tenantId} FOR UPDATE`;
    const monitor = await tx.liveMonitor.findUniqueOrThrow({ where: { tenantId } });
    // A check that finished after a later one (a slow wake-up) does not move the health back.
    if (monitor.lastCheckAt && monitor.lastCheckAt > check.startedAt) return [];
    const events: AlertEvent[] = [];
    const base = { lastCheckAt: check.startedAt, lastCheckId: check.checkId, lastStatus: outcome.status };
    if (outcome.status === "fail") {
      const failures = monitor.consecutiveFailures + 1;
      const failingSince = monitor.failingSince ?? check.startedAt;
      const failingCheckId = monitor.consecutiveFailures === 0 ? check.checkId : (monitor.failingCheckId ?? check.checkId);
      let openIncidentId = monitor.openIncidentId;
      if (failures >= FAILURES_TO_BLOCK && !openIncidentId) {
        const incident = await tx.liveIncident.create({
          data: { tenantId, startedAt: failingSince, cause: outcome.cause ?? "The checks failed.", checkId: failingCheckId },
        });
        openIncidentId = incident.id;
        events.push({
          key: `incident:${incident.id}:started`,
          kind: "incident_started",
          title: "Your app is down",
          text: `Your app stopped answering at ${clock(failingSince)}: ${withFullStop(outcome.cause ?? "the checks failed")}`,
          href: `/dashboard/deploy/live#live-check-${failingCheckId}`,
          metadata: { incidentId: incident.id, checkId: failingCheckId },
        });
      }
      await tx.liveMonitor.update({
        where: { tenantId },
        data: { ...base, consecutiveFailures: failures, failingSince, failingCheckId, failingCause: outcome.cause, openIncidentId },
      });
      return events;
    }
    if (monitor.openIncidentId) {
      const incident = await tx.liveIncident.update({ where: { id: monitor.openIncidentId }, data: { endedAt: check.startedAt } });
      const minutes = Math.max(1, Math.round((check.startedAt.getTime() - incident.startedAt.getTime()) / 60_000));
      events.push({
        key: `incident:${incident.id}:ended`,
        kind: "incident_ended",
        title: "Your app is back",
        text: `Your app answers again since ${clock(check.startedAt)} (down about ${minutes} min from ${clock(incident.startedAt)}).`,
        href: "/dashboard/deploy/live#live-incidents",
        metadata: { incidentId: incident.id, checkId: check.checkId },
      });
    }
    let certWarnedFor = monitor.certWarnedFor;
    if (outcome.certExpiring && outcome.certExpiresAt && certWarnedFor?.getTime() !== outcome.certExpiresAt.getTime()) {
      certWarnedFor = outcome.certExpiresAt;
      events.push({
        key: `certificate:${outcome.certExpiresAt.toISOString()}`,
        kind: "cert_expiring",
        title: "Your certificate expires soon",
        text: `The HTTPS certificate of your app expires on ${outcome.certExpiresAt.toISOString().slice(0, 10)} (within ${CERT_WARN_DAYS} days). Renew it at your host.`,
        href: `/dashboard/deploy/live#live-check-${check.checkId}`,
        metadata: { checkId: check.checkId, expiresAt: outcome.certExpiresAt.toISOString() },
      });
    }
    await tx.liveMonitor.update({
      where: { tenantId },
      data: {
        ...base,
        consecutiveFailures: 0,
        failingSince: null,
        failingCheckId: null,
        failingCause: outcome.status === "warn" ? outcome.cause : null,
        openIncidentId: null,
        certWarnedFor,
      },
    });
    return events;
  });
}

/** The interval for a workspace now (its owner's choice and the operator's floor). */
export async function intervalSecondsFor(tenantId: string) {
  const monitor = await db().liveMonitor.findUnique({ where: { tenantId }, select: { intervalMinutes: true } });
  return effectiveIntervalSeconds(monitor?.intervalMinutes ?? 5, getEnv().liveCheckIntervalSeconds);
}

/** Remembers the slot a check was queued for, so the sweep can tell a queued workspace from one without a check. */
export async function recordQueuedSlot(tenantId: string, slotAt: Date) {
  await db().liveMonitor.upsert({ where: { tenantId }, create: { tenantId, nextSlotAt: slotAt }, update: { nextSlotAt: slotAt } });
}

/** LIVE workspaces with no check queued, in one statement: none queued yet, or the last queued slot passed before `lostBefore`. */
export async function workspacesWithoutQueuedCheck(lostBefore: Date): Promise<string[]> {
  const rows = await db().$queryRaw<{ tenantId: string }[]>`
    SELECT c."tenantId" FROM "DeployConfig" c
    LEFT JOIN "LiveMonitor" m ON m."tenantId" = c."tenantId"
    WHERE c."status" = 'live' AND c."appUrl" IS NOT NULL AND (m."nextSlotAt" IS NULL OR m."nextSlotAt" < ${lostBefore})`;
  return rows.map((row) => row.tenantId);
}

export function logCheckError(error: unknown, tenantId: string) {
  getLogger().error({ err: error, tenantId }, "scheduled check failed");
}
