import { createHmac } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { runScheduledCheck } from "~/deploy/monitor/checks.server";
import { QUEUES, startScheduler, type Scheduler } from "~/deploy/monitor/scheduler.server";
import { saveMonitorSettings } from "~/deploy/monitor/settings.server";
import { liveHealthFor } from "~/deploy/monitor/health.server";
import { uptimeFor } from "~/deploy/monitor/uptime.server";
import { liveOverview } from "~/deploy/monitor/overview.server";
import { effectiveIntervalSeconds } from "~/deploy/monitor/schedule";
import { publicStatus } from "~/deploy/monitor/public-status.server";
import { checkLiveApp } from "~/deploy/checks/verify.server";
import { verifyWithProgress } from "~/deploy/checks/run-checks.server";
import { verifyProgress } from "~/deploy/monitor/progress.server";
import { getEnv } from "~/env.server";
import { deployBadgeWithHealth } from "~/deploy/monitor/badge.server";
import { makeCertificate } from "../helpers/certificates";
import { deployState } from "~/deploy/config/deploy-config.server";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { startLiveWorkspace, type LiveWorkspaceOptions } from "../helpers/live-workspace";
import { startLoopbackServer, type LoopbackServer } from "../helpers/loopback-server";
import { minutes, waitFor } from "../helpers/wait";

/**
 * Stay LIVE (issue 20) on both databases: the schedule survives a restart of the scheduler; two
 * schedulers on one database never check one slot twice (counted at the app); an app that stops
 * turns BLOCKED after two failed checks and LIVE again on recovery, with one alert each way; a
 * certificate within 14 days warns once; the webhook receives signed, retried deliveries.
 */
const servers: LoopbackServer[] = [];
const schedulers: Scheduler[] = [];
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A LIVE workspace whose app (a loopback stand-in) this file closes after each test. */
async function liveWorkspace(options: LiveWorkspaceOptions = {}) {
  const workspace = await startLiveWorkspace(options);
  servers.push(workspace.server);
  return workspace;
}

const alerts = (tenantId: string, kind: string) => db().notification.count({ where: { tenantId, kind } });

describe.each(DATABASE_KINDS)("stay LIVE on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "1500", LIVE_CHECK_INTERVAL_SECONDS: "10", LIVE_WAKE_SECONDS: "0" });

  it("an app that stops turns BLOCKED after two failed checks and LIVE again on recovery, with one alert each way", async () => {
    const { app, tenant, owner, admin } = await liveWorkspace();
    expect((await runScheduledCheck(tenant.id, minutes(0))).ran).toBe(true);
    expect((await deployBadgeWithHealth(tenant.id, "OWNER")).state).toBe("LIVE");
    expect((await deployBadgeWithHealth(tenant.id, "OWNER")).reason).toMatch(/checked (just now|\d+ min ago)/);

    app.up = false;
    const first = await runScheduledCheck(tenant.id, minutes(1));
    expect(first).toMatchObject({ ran: true, outcome: { status: "fail" } });
    // One failure is not an outage yet.
    expect((await deployBadgeWithHealth(tenant.id, "OWNER")).state).toBe("LIVE");
    await runScheduledCheck(tenant.id, minutes(2));
    const blocked = await deployBadgeWithHealth(tenant.id, "OWNER");
    expect(blocked.state).toBe("BLOCKED");
    expect(blocked.reason).toMatch(/^Your app stopped answering at \d\d:\d\d UTC/);
    expect(blocked.href).toBe(`/dashboard/deploy/live#live-check-${first.ran ? first.checkId : ""}`);
    await runScheduledCheck(tenant.id, minutes(3));
    // The workspace stays marked live: the badge is about health, the status about the owner's decision.
    expect((await deployState(tenant.id)).row.status).toBe("live");
    expect(await alerts(tenant.id, "incident_started")).toBe(1);

    app.up = true;
    await runScheduledCheck(tenant.id, minutes(4));
    await runScheduledCheck(tenant.id, minutes(5));
    expect((await deployBadgeWithHealth(tenant.id, "OWNER")).state).toBe("LIVE");
    expect(await alerts(tenant.id, "incident_started")).toBe(1);
    expect(await alerts(tenant.id, "incident_ended")).toBe(1);
    const incidents = await db().liveIncident.findMany({ where: { tenantId: tenant.id } });
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.endedAt).not.toBeNull();
    expect(incidents[0]!.cause).toMatch(/GET \/(health|ready)|stats/);
    // Owners and admins get the mail (the outbox without SMTP_URL), members do not; each event audited once.
    const mail = await db().outboxEmail.findMany({ where: { tenantId: tenant.id }, select: { toAddress: true, subject: true } });
    expect(mail.map((m) => m.toAddress).sort()).toEqual([owner.email, owner.email, admin.email, admin.email].sort());
    expect(await db().auditLog.count({ where: { tenantId: tenant.id, action: "LIVE_INCIDENT_STARTED" } })).toBe(1);
    expect(await db().auditLog.count({ where: { tenantId: tenant.id, action: "LIVE_INCIDENT_ENDED" } })).toBe(1);
    const uptime = await uptimeFor(tenant.id);
    expect(uptime.checks).toHaveLength(6);
    expect(uptime.incidents).toHaveLength(1);
  });

  it("publishes a status page only when the owner turns it on, at a token that is not the workspace id, and takes it down at once", async () => {
    const { tenant, ctx } = await liveWorkspace();
    await runScheduledCheck(tenant.id, minutes(40));
    expect((await saveMonitorSettings(ctx, {})).publicToken).toBeNull();
    const on = await saveMonitorSettings(ctx, { publicStatus: true });
    expect(on.publicToken).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(on.publicToken).not.toContain(tenant.id);
    expect(await publicStatus(on.publicToken!)).toMatchObject({ name: "Stay live", state: "up" });
    expect(JSON.stringify(await publicStatus(on.publicToken!))).not.toContain("127.0.0.1");
    await saveMonitorSettings(ctx, { publicStatus: false });
    expect(await publicStatus(on.publicToken!)).toBeNull();
  });

  it("keeps raw checks 7 days and daily rollups 90, swept by the workspace's first check of a day", async () => {
    const { tenant } = await liveWorkspace();
    const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);
    const oldCheck = (id: string, days: number) =>
      db().liveCheck.create({ data: { id, tenantId: tenant.id, slotAt: daysAgo(days), startedAt: daysAgo(days), status: "pass" } });
    await oldCheck("aged-out", 8);
    await oldCheck("kept", 6);
    await db().liveRollup.create({ data: { tenantId: tenant.id, day: daysAgo(91), checks: 1, passes: 1, responseMsSum: 5, responseMsMax: 5 } });
    await db().liveRollup.create({ data: { tenantId: tenant.id, day: daysAgo(89), checks: 1, passes: 1, responseMsSum: 5, responseMsMax: 5 } });

    await runScheduledCheck(tenant.id, new Date(Date.now() - 1000));
    const ids = (await db().liveCheck.findMany({ where: { tenantId: tenant.id }, select: { id: true } })).map((c) => c.id);
    expect(ids).toContain("kept");
    expect(ids).not.toContain("aged-out");
    expect(await db().liveRollup.count({ where: { tenantId: tenant.id } })).toBe(2); // 89 days ago and today

    // Later checks of the same day do not sweep again: a row that ages out meanwhile waits for tomorrow's first check.
    await oldCheck("aged-out-later", 8);
    await runScheduledCheck(tenant.id, new Date(Date.now() - 500));
    expect(await db().liveCheck.count({ where: { id: "aged-out-later" } })).toBe(1);
  });

  it("tells members how often the app is checked as the owner set it, without showing them the settings", async () => {
    const { tenant, ctx } = await liveWorkspace();
    await saveMonitorSettings(ctx, { intervalMinutes: 2 });
    const expected = effectiveIntervalSeconds(2, getEnv().liveCheckIntervalSeconds);
    const member = await liveOverview(tenant.id, "MEMBER");
    const owner = await liveOverview(tenant.id, "OWNER");
    expect(member?.intervalSeconds).toBe(expected);
    expect(owner?.intervalSeconds).toBe(expected);
    expect(member?.settings).toBeNull();
    expect(owner?.settings).toMatchObject({ intervalMinutes: 2 });
  });

  it("wakes a sleeping app: a URL that does not answer is called again until it does, and step G shows the run's progress meanwhile", async () => {
    const { app, tenant, ctx } = await liveWorkspace();
    app.up = false;
    setTimeout(() => (app.up = true), 1500);
    let attempts = 0;
    const checks = await checkLiveApp(tenant.id, await deployState(tenant.id), { wakeSeconds: 15, onAttempt: (n) => (attempts = n) });
    expect(checks.find((check) => check.id === "live.health")?.status).toBe("pass");
    expect(attempts).toBeGreaterThanOrEqual(2);
    // Without the window, the same app fails at once.
    app.up = false;
    const asleep = await checkLiveApp(tenant.id, await deployState(tenant.id), { wakeSeconds: 0 });
    expect(asleep.find((check) => check.id === "live.health")?.status).toBe("fail");

    // The manual run: the page answers while the app still sleeps, shows the progress, then the stored run.
    const env = getEnv() as { liveWakeSeconds: number };
    env.liveWakeSeconds = 15;
    try {
      setTimeout(() => (app.up = true), 2500);
      expect(await verifyWithProgress({ ...ctx, role: "OWNER" } as never, await deployState(tenant.id), 300)).toBe("running");
      expect(await verifyProgress(tenant.id)).toMatchObject({ attempt: expect.any(Number) });
      expect(await waitFor(async () => (await verifyProgress(tenant.id)) === null, 20_000)).toBe(true);
      const run = (await deployState(tenant.id)).latest.verify;
      expect(run?.status, JSON.stringify(run?.checks.filter((check) => check.status === "fail"))).toBe("passed");
    } finally {
      env.liveWakeSeconds = 0;
    }
  }, 40_000);

  it("runs a slot's check once when two schedulers race for it", async () => {
    const { app, tenant } = await liveWorkspace();
    const slot = minutes(10);
    const results = await Promise.all([runScheduledCheck(tenant.id, slot), runScheduledCheck(tenant.id, slot), runScheduledCheck(tenant.id, slot)]);
    expect(results.filter((r) => r.ran)).toHaveLength(1);
    expect(app.health).toBe(1);
  });

  it("two scheduler processes on one database never check a slot twice (counted at the app), and the schedule survives a restart", async () => {
    const { app, tenant } = await liveWorkspace();
    const one = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false });
    schedulers.push(one);
    const two = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false });
    schedulers.push(two);
    // Each scheduler sweeps when it starts; the sweep queues only workspaces without a queued check,
    // so once the first has queued this one (and recorded its slot), no sweep finds any to queue.
    expect((await db().liveMonitor.findUnique({ where: { tenantId: tenant.id } }))?.nextSlotAt).toBeInstanceOf(Date);
    expect(await one.sweep()).toBe(0);
    expect(await two.sweep()).toBe(0);
    // Three slots of 10 s.
    await waitFor(async () => (await db().liveCheck.count({ where: { tenantId: tenant.id, status: { not: "running" } } })) >= 3, 40_000);
    const checks = await db().liveCheck.findMany({ where: { tenantId: tenant.id }, select: { slotAt: true } });
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(new Set(checks.map((c) => c.slotAt.toISOString())).size).toBe(checks.length);
    // Each check calls /health once: the app saw exactly one call per slot.
    expect(app.health).toBe(checks.length);

    // Restart: both stop; a new one picks the queued next slot up from the database.
    await one.stop();
    await two.stop();
    schedulers.length = 0;
    const before = app.health;
    const three = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false });
    schedulers.push(three);
    expect(await waitFor(async () => app.health > before, 25_000)).toBe(true);
    // A job lost in a crash leaves its slot long past: the sweep finds the workspace and queues it again.
    await db().liveMonitor.update({ where: { tenantId: tenant.id }, data: { nextSlotAt: new Date(Date.now() - 3_600_000) } });
    expect(await three.sweep()).toBeGreaterThanOrEqual(1);
  }, 90_000);

  it("a process starts due checks as fast as it runs them, not one per worker and polling interval", async () => {
    // More checks due at once than the process has workers (16): pg-boss alone would leave the rest a
    // whole polling interval (here 10 s) behind the first ones (the bench's farm: 2,000 workspaces).
    const scheduler = await startScheduler({ pollingIntervalSeconds: 10, cronSweep: false });
    schedulers.push(scheduler);
    const tenants = [];
    for (let i = 0; i < 24; i++) tenants.push((await liveWorkspace()).tenant);
    const due = new Date(Date.now() + 500);
    for (const tenant of tenants)
      await scheduler.boss.send(QUEUES.check, { tenantId: tenant.id, slotAt: due.toISOString() }, { singletonKey: tenant.id, startAfter: due });
    expect(await waitFor(async () => (await db().liveCheck.count({ where: { slotAt: due, status: { not: "running" } } })) >= tenants.length, 40_000)).toBe(
      true,
    );
    const started = (await db().liveCheck.findMany({ where: { slotAt: due }, select: { startedAt: true } })).map((check) => check.startedAt.getTime());
    expect(started).toHaveLength(tenants.length);
    expect(Math.max(...started) - Math.min(...started)).toBeLessThan(5_000);
  }, 90_000);

  it("apps that do not answer are waited for without holding the process's check slots: the others are checked on time", async () => {
    // More silent apps than the process has slots (16), each called again for up to 20 s.
    const scheduler = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false, wakeSeconds: 20 });
    schedulers.push(scheduler);
    const silent: Awaited<ReturnType<typeof liveWorkspace>>[] = [];
    for (let i = 0; i < 20; i++) silent.push(await liveWorkspace());
    for (const { app } of silent) app.up = false;
    const answering: typeof silent = [];
    for (let i = 0; i < 3; i++) answering.push(await liveWorkspace());
    const due = new Date(Date.now() + 500);
    for (const { tenant } of [...silent, ...answering])
      await scheduler.boss.send(QUEUES.check, { tenantId: tenant.id, slotAt: due.toISOString() }, { singletonKey: tenant.id, startAfter: due });
    const finished = (ids: string[]) => db().liveCheck.count({ where: { tenantId: { in: ids }, slotAt: due, status: { not: "running" } } });
    expect(await waitFor(async () => (await finished(answering.map((w) => w.tenant.id))) === answering.length, 10_000)).toBe(true);
    const onTime = await db().liveCheck.findMany({ where: { tenantId: { in: answering.map((w) => w.tenant.id) }, slotAt: due } });
    for (const check of onTime) expect(check.startedAt.getTime() - due.getTime()).toBeLessThan(5_000);
    expect(onTime.every((check) => check.status === "pass")).toBe(true);
    // The silent apps are still being waited for; they wake, and each slot ends in one passing check.
    expect(await finished(silent.map((w) => w.tenant.id))).toBe(0);
    for (const { app } of silent) app.up = true;
    expect(await waitFor(async () => (await finished(silent.map((w) => w.tenant.id))) === silent.length, 20_000)).toBe(true);
    const woken = await db().liveCheck.findMany({ where: { tenantId: { in: silent.map((w) => w.tenant.id) }, slotAt: due } });
    expect(woken.map((check) => check.status)).toEqual(silent.map(() => "pass"));
    // One /health call per finished check (the next slot may have come round meanwhile).
    await Promise.all(schedulers.splice(0).map((one) => one.stop()));
    for (const { app, tenant } of silent) expect(app.health).toBe(await db().liveCheck.count({ where: { tenantId: tenant.id, status: { not: "running" } } }));
  }, 90_000);

  it("a certificate within 14 days asks for action and warns once", async () => {
    const certificate = makeCertificate({ days: 5 });
    const { tenant } = await liveWorkspace({ certificate });
    await runScheduledCheck(tenant.id, minutes(20), { ca: certificate.cert });
    await runScheduledCheck(tenant.id, minutes(21), { ca: certificate.cert });
    const badge = await deployBadgeWithHealth(tenant.id, "OWNER");
    expect(badge.state).toBe("ACTION_REQUIRED");
    expect(badge.reason).toMatch(/certificate expires in [45] days/);
    expect(await alerts(tenant.id, "cert_expiring")).toBe(1);
    expect(await db().auditLog.count({ where: { tenantId: tenant.id, action: "LIVE_CERTIFICATE_EXPIRING" } })).toBe(1);
  });

  it("delivers alerts to the webhook signed, and retries a delivery that failed", async () => {
    const { app, tenant, ctx } = await liveWorkspace();
    const received: { body: string; signature: string }[] = [];
    const hook = await startLoopbackServer((req, res) => {
      let body = "";
      req.on("data", (chunk) => (body += chunk));
      req.on("end", () => {
        received.push({ body, signature: String(req.headers["x-golive-signature"] ?? "") });
        res.writeHead(received.length < 3 ? 500 : 200).end();
      });
    });
    servers.push(hook);
    const saved = await saveMonitorSettings(ctx, { intervalMinutes: 5, webhookUrl: `${hook.origin}/hook` });
    const secret = saved.webhookSecret!;
    expect(secret).toMatch(/^whsec_/);
    const scheduler = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false, webhookRetryDelaySeconds: 1 });
    schedulers.push(scheduler);
    app.up = false;
    await runScheduledCheck(tenant.id, minutes(30), { webhooks: (job) => scheduler.boss.send("live-webhook", job).then(() => undefined) });
    await runScheduledCheck(tenant.id, minutes(31), { webhooks: (job) => scheduler.boss.send("live-webhook", job).then(() => undefined) });
    // The third delivery is recorded after its answer arrives: wait for its row, not only the request.
    expect(await waitFor(async () => received.length >= 3 && (await db().webhookDelivery.count({ where: { tenantId: tenant.id } })) >= 3, 30_000)).toBe(true);
    for (const { body, signature } of received) {
      expect(JSON.parse(body).text).toMatch(/Your app is down/);
      const [, t, v1] = signature.match(/^t=(\d+),v1=([0-9a-f]{64})$/)!;
      expect(v1).toBe(createHmac("sha256", secret).update(`${t}.${body}`).digest("hex"));
    }
    const deliveries = await db().webhookDelivery.findMany({ where: { tenantId: tenant.id }, orderBy: { attempt: "asc" } });
    expect(deliveries.map((d) => [d.attempt, d.ok])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    // The secret is shown once and kept sealed: not in the row as text, not in the audit.
    const everything = JSON.stringify([await db().liveMonitor.findMany(), await db().auditLog.findMany({ where: { tenantId: tenant.id } }), deliveries]);
    expect(everything).not.toContain(secret);
    expect((await liveHealthFor(tenant.id))?.consecutiveFailures).toBeGreaterThanOrEqual(2);
  }, 60_000);
});
