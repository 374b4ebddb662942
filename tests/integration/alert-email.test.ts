import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { deliverAlertEmail } from "~/deploy/monitor/alerts.server";
import { getEnv } from "~/env.server";
import { runScheduledCheck } from "~/deploy/monitor/checks.server";
import { startScheduler, type Scheduler } from "~/deploy/monitor/scheduler.server";
import { DATABASE_KINDS, TEST_SECRETS, useTestDatabase } from "../helpers/db";
import { startLiveWorkspace } from "../helpers/live-workspace";
import { startSilentServer, type LoopbackServer } from "../helpers/loopback-server";
import { encodings } from "../helpers/secret-forms";
import { readMail, startSmtpServer } from "../helpers/smtp-server";
import { minutes, waitFor } from "../helpers/wait";

/**
 * Stay LIVE's alert email through a real SMTP server (a minimal one on 127.0.0.1, tests/helpers/
 * smtp-server.ts) on both databases: an incident starting and ending mails each owner and admin
 * once per event (never a member), through the credentials of SMTP_URL, naming the workspace and
 * what was seen, with no secret in the message; the outbox row is marked sent. Mail the server
 * refuses (550) or cannot take (the connection closes) stays in the outbox, unsent, with the reason
 * and the count of tries, and is sent by a later attempt from the job queue; a server that never
 * answers does not hold the scheduled check.
 */
const SMTP_AUTH = { user: "alerts-mailer", pass: "smtp-Pass-AlertMail-41" };
const DB_PASSWORD = "db-Pass-AlertMail-93";
const smtp = await startSmtpServer();
afterAll(() => smtp.close());

const servers: LoopbackServer[] = [];
const schedulers: Scheduler[] = [];
beforeEach(() => {
  smtp.mode = "accept";
  smtp.received.length = 0;
});
afterEach(async () => {
  await Promise.all(schedulers.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function liveWorkspace() {
  const workspace = await startLiveWorkspace({
    name: "Acme Bakery",
    databaseUrl: { canonical: `postgresql://app:${DB_PASSWORD}@127.0.0.1:5/app`, masked: "postgresql://app:••••@127.0.0.1:5/app" },
  });
  servers.push(workspace.server);
  return workspace;
}

const outbox = (tenantId: string) => db().outboxEmail.findMany({ where: { tenantId }, orderBy: { toAddress: "asc" } });

describe.each(DATABASE_KINDS)("alert email through SMTP on %s", (kind) => {
  useTestDatabase(kind, { ALLOW_LOCAL_TARGETS: "true", DEPLOY_CHECK_TIMEOUT_MS: "1500", SMTP_URL: smtp.url(SMTP_AUTH) });

  it("mails each owner and admin once per event, naming the workspace and what was seen, with no secret, and marks the outbox row sent", async () => {
    const { app, tenant, owner, admin, member, secrets } = await liveWorkspace();
    await runScheduledCheck(tenant.id, minutes(0));
    app.up = false;
    await runScheduledCheck(tenant.id, minutes(1));
    expect(smtp.received).toHaveLength(0); // one failure is not an incident
    await runScheduledCheck(tenant.id, minutes(2));
    await runScheduledCheck(tenant.id, minutes(3)); // still down: told once

    const started = smtp.received.splice(0);
    expect(started.map((mail) => mail.to)).toEqual(expect.arrayContaining([[owner.email], [admin.email]]));
    expect(started).toHaveLength(2);
    const incident = await db().liveIncident.findFirstOrThrow({ where: { tenantId: tenant.id } });
    for (const mail of started) {
      expect(mail.auth).toEqual(SMTP_AUTH); // the credentials of SMTP_URL reached the server
      expect(mail.from).toBe("alerts@localhost");
      const { headers, subject, text } = readMail(mail.raw);
      expect(headers.to).toBe(mail.to[0]);
      expect(headers.from).toBe(`"Go-Live" <alerts@localhost>`);
      expect(subject).toBe("Go-Live: Your app is down (Acme Bakery)");
      expect(text).toMatch(/^Your app stopped answering at \d\d:\d\d UTC: /);
      expect(text).toContain(incident.cause);
      expect(text).toContain("Workspace: Acme Bakery");
      expect(text).toContain(`http://localhost:3999/dashboard/deploy/live#live-check-${incident.checkId}`);
    }

    app.up = true;
    await runScheduledCheck(tenant.id, minutes(4));
    await runScheduledCheck(tenant.id, minutes(5));
    const ended = smtp.received.splice(0);
    expect(ended.map((mail) => mail.to[0]).sort()).toEqual([owner.email, admin.email].sort());
    for (const mail of ended) {
      const { subject, text } = readMail(mail.raw);
      expect(subject).toBe("Go-Live: Your app is back (Acme Bakery)");
      expect(text).toMatch(/^Your app answers again since \d\d:\d\d UTC \(down about \d+ min from \d\d:\d\d UTC\)\./);
      expect(text).toContain("Workspace: Acme Bakery");
    }
    expect([...started, ...ended].flatMap((mail) => mail.to)).not.toContain(member.email);

    // Delivered: every outbox row sent at its first try, without an error; the events audited as sent by SMTP.
    const rows = await outbox(tenant.id);
    expect(rows).toHaveLength(4);
    for (const row of rows) expect(row).toMatchObject({ sentAt: expect.any(Date), error: null, attempts: 1 });
    const audits = await db().auditLog.findMany({ where: { tenantId: tenant.id, action: { in: ["LIVE_INCIDENT_STARTED", "LIVE_INCIDENT_ENDED"] } } });
    expect(audits.map((row) => row.metadata)).toEqual([
      expect.objectContaining({ email: "smtp", notified: 2 }),
      expect.objectContaining({ email: "smtp", notified: 2 }),
    ]);

    // No secret in any form: the workspace's generated secrets, its database password, the SMTP password, the platform's keys.
    const values = { ...secrets, "database password": DB_PASSWORD, "SMTP password": SMTP_AUTH.pass, ...TEST_SECRETS };
    const output = JSON.stringify([[...started, ...ended].map((mail) => mail.raw), rows, audits]);
    for (const [name, value] of Object.entries(values))
      for (const [form, encoded] of Object.entries(encodings(value))) expect(output.includes(encoded), `${name} (${form}) in the mail`).toBe(false);
  });

  it("mail the server refuses (550) stays in the outbox, unsent, with the reason, and the job queue sends it later", async () => {
    const { app, tenant, owner, admin } = await liveWorkspace();
    const scheduler = await startScheduler({ pollingIntervalSeconds: 0.5, cronSweep: false, mailRetryDelaySeconds: 1 });
    schedulers.push(scheduler);
    smtp.mode = "reject";
    app.up = false;
    await runScheduledCheck(tenant.id, minutes(10), scheduler.alertQueues);
    await runScheduledCheck(tenant.id, minutes(11), scheduler.alertQueues);
    expect(smtp.received).toHaveLength(0);
    const refused = await outbox(tenant.id);
    expect(refused.map((row) => row.toAddress).sort()).toEqual([owner.email, admin.email].sort());
    for (const row of refused) {
      expect(row).toMatchObject({ sentAt: null, attempts: 1 });
      expect(row.error).toMatch(/550 5\.1\.1 mailbox unavailable/);
      expect(row.error).not.toContain(SMTP_AUTH.pass);
    }

    // The server takes mail again: the queued attempt sends both, once.
    smtp.mode = "accept";
    expect(await waitFor(async () => (await outbox(tenant.id)).every((row) => row.sentAt !== null), 20_000)).toBe(true);
    expect(smtp.received.map((mail) => mail.to[0]).sort()).toEqual([owner.email, admin.email].sort());
    for (const row of await outbox(tenant.id)) {
      expect(row.error).toBeNull();
      expect(row.attempts).toBeGreaterThanOrEqual(2);
    }
    expect(readMail(smtp.received[0]!.raw).subject).toBe("Go-Live: Your app is down (Acme Bakery)");
  }, 40_000);

  it("mail a server that closes the connection could not take is kept, and a later attempt sends only what is still unsent", async () => {
    const { app, tenant, owner, admin } = await liveWorkspace();
    smtp.mode = "drop";
    app.up = false;
    await runScheduledCheck(tenant.id, minutes(20));
    await runScheduledCheck(tenant.id, minutes(21));
    const kept = await outbox(tenant.id);
    expect(kept).toHaveLength(2);
    for (const row of kept) {
      expect(row).toMatchObject({ sentAt: null, attempts: 1 });
      expect(row.error).toMatch(/\S/);
    }
    // Without a job queue nothing retried it: it waits in the outbox, not lost.
    expect(smtp.received).toHaveLength(0);

    // A later attempt (what the job queue runs) that fails again throws, so the queue tries once more.
    const eventKey = kept[0]!.eventKey;
    await expect(deliverAlertEmail({ tenantId: tenant.id, eventKey })).rejects.toThrow(/2 alert email\(s\) .* not sent yet/);
    // One recipient already has it (sent by hand, say): the next attempt sends the other only.
    await db().outboxEmail.update({ where: { id: kept[0]!.id }, data: { sentAt: new Date() } });
    smtp.mode = "accept";
    await deliverAlertEmail({ tenantId: tenant.id, eventKey });
    expect(smtp.received.map((mail) => mail.to)).toEqual([[kept[1]!.toAddress]]);
    expect([owner.email, admin.email]).toContain(kept[1]!.toAddress);
    expect(await db().outboxEmail.findUniqueOrThrow({ where: { id: kept[1]!.id } })).toMatchObject({ sentAt: expect.any(Date), error: null, attempts: 3 });
  });

  it("a mail server that accepts the connection and never answers does not hold the scheduled check: the mail is kept with the reason", async () => {
    const { app, tenant } = await liveWorkspace();
    const silent = await startSilentServer();
    const env = getEnv() as { smtpUrl: string | null };
    const smtpUrl = env.smtpUrl;
    // The bound comes from the transport's options; SMTP_URL's query shortens it for the test.
    env.smtpUrl = `smtp://127.0.0.1:${silent.port}?greetingTimeout=300`;
    try {
      app.up = false;
      await runScheduledCheck(tenant.id, minutes(30));
      const started = Date.now();
      const second = await runScheduledCheck(tenant.id, minutes(31));
      expect(second).toMatchObject({ ran: true, events: [{ kind: "incident_started" }] });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(silent.connections).toBe(2);
      for (const row of await outbox(tenant.id)) {
        expect(row).toMatchObject({ sentAt: null, attempts: 1 });
        expect(row.error).toMatch(/greeting/i);
      }
    } finally {
      env.smtpUrl = smtpUrl;
      await silent.close();
    }
  });
});
