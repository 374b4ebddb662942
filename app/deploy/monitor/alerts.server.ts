import { createHmac, randomBytes } from "node:crypto";
import nodemailer from "nodemailer";
import type { AuditAction } from "~/audit/audit.server";
import { platformBox } from "~/crypto/platform-box.server";
import { safeFetch } from "~/deploy/checks/net/safe-fetch.server";
import { db } from "~/db/client.server";
import { getEnv } from "~/env.server";
import { getLogger, scrubSecrets } from "~/logger.server";
import { alertEmail, smtpTransportOptions } from "./alert-email";

/**
 * Alerts of Stay LIVE: an incident starting or ending, a certificate entering its last 14 days.
 * Each event is told once (its key is unique per workspace): a notification on the dashboard for
 * owners and admins, an email to each of them naming the workspace (kept in the OutboxEmail
 * table and sent through SMTP_URL when the platform has it: a message SMTP did not take stays there,
 * unsent, with its error, and is tried again with back-off by the job queue), and, when the
 * workspace set one, a signed POST to its webhook, retried the same way. Each attempt is recorded.
 * Each event is audited. The webhook secret is sealed at rest and never logged, audited or shown again.
 */
export type AlertKind = "incident_started" | "incident_ended" | "cert_expiring";
export type AlertEvent = { key: string; kind: AlertKind; title: string; text: string; href: string; metadata: Record<string, unknown> };
/** Queues a webhook delivery (the scheduler's job queue); without one it is delivered once, now. */
export type WebhookQueue = (delivery: WebhookJob) => Promise<void>;
export type WebhookJob = { tenantId: string; eventKey: string; text: string };
/** Queues another attempt at an event's mail that SMTP did not take (the scheduler's job queue); without one it waits in the outbox. */
export type MailQueue = (retry: MailJob) => Promise<void>;
export type MailJob = { tenantId: string; eventKey: string };
export type AlertQueues = { webhooks?: WebhookQueue; mail?: MailQueue };

const ACTIONS: Record<AlertKind, AuditAction> = {
  incident_started: "LIVE_INCIDENT_STARTED",
  incident_ended: "LIVE_INCIDENT_ENDED",
  cert_expiring: "LIVE_CERTIFICATE_EXPIRING",
};
const SYSTEM_ACTOR = "scheduled check";

export async function raiseAlerts(tenantId: string, events: AlertEvent[], queues: AlertQueues = {}) {
  for (const event of events) {
    try {
      await raiseAlert(tenantId, event, queues);
    } catch (error) {
      getLogger().error({ err: error, tenantId, event: event.kind }, "an alert could not be raised");
    }
  }
}

async function raiseAlert(tenantId: string, event: AlertEvent, { webhooks, mail }: AlertQueues) {
  const inserted = await db().notification.createMany({
    data: [{ tenantId, eventKey: event.key, kind: event.kind, title: event.title, body: event.text, href: event.href }],
    skipDuplicates: true,
  });
  if (inserted.count === 0) return; // told already
  const recipients = await db().membership.findMany({
    where: { tenantId, active: true, role: { in: ["OWNER", "ADMIN"] } },
    select: { user: { select: { email: true } } },
  });
  const emails = recipients.map((row) => row.user.email);
  const monitor = await db().liveMonitor.findUnique({ where: { tenantId }, select: { webhookUrl: true } });
  const metadata = {
    ...event.metadata,
    event: event.key,
    notified: emails.length,
    email: getEnv().smtpUrl ? "smtp" : "outbox",
    webhook: monitor?.webhookUrl ? "queued" : "none",
  };
  await db().auditLog.create({
    data: {
      tenantId,
      actorUserId: null,
      actorLabel: SYSTEM_ACTOR,
      action: ACTIONS[event.kind],
      origin: null,
      metadata: JSON.parse(scrubSecrets(JSON.stringify(metadata))),
    },
  });
  const tenant = await db().tenant.findUniqueOrThrow({ where: { id: tenantId }, select: { name: true } });
  await db().outboxEmail.createMany({
    data: emails.map((toAddress) => ({ tenantId, eventKey: event.key, toAddress, ...alertEmail(tenant.name, event, appLink(event.href)) })),
    skipDuplicates: true,
  });
  const unsent = await sendOutbox(tenantId, event.key);
  if (unsent > 0 && mail) await mail({ tenantId, eventKey: event.key });
  if (monitor?.webhookUrl) {
    const job = { tenantId, eventKey: event.key, text: `${event.title}: ${event.text} ${appLink(event.href)}` };
    if (webhooks) await webhooks(job);
    else await deliverWebhook(job, 1).catch(() => undefined);
  }
}

function appLink(href: string) {
  return `${getEnv().appUrl}${href}`;
}

/**
 * Sends the event's unsent mail through SMTP_URL when the platform has it (otherwise it stays in
 * the outbox for the operator); each try is counted on its row. Returns how many are still unsent.
 */
async function sendOutbox(tenantId: string, eventKey: string) {
  const smtpUrl = getEnv().smtpUrl;
  if (!smtpUrl) return 0;
  const pending = await db().outboxEmail.findMany({ where: { tenantId, eventKey, sentAt: null } });
  if (!pending.length) return 0;
  const transport = nodemailer.createTransport(smtpTransportOptions(smtpUrl));
  let unsent = 0;
  try {
    for (const mail of pending) {
      try {
        await transport.sendMail({ from: `Go-Live <alerts@${new URL(getEnv().appUrl).hostname}>`, to: mail.toAddress, subject: mail.subject, text: mail.body });
        await db().outboxEmail.update({ where: { id: mail.id }, data: { sentAt: new Date(), error: null, attempts: { increment: 1 } } });
      } catch (error) {
        unsent += 1;
        // Kept in the outbox with the reason (scrubbed: an SMTP error can quote the URL).
        const reason = scrubSecrets(String((error as Error).message ?? error)).slice(0, 300);
        await db().outboxEmail.update({ where: { id: mail.id }, data: { error: reason, attempts: { increment: 1 } } });
        getLogger().warn({ tenantId, eventKey, err: error }, "an alert email was not sent; it stays in the outbox");
      }
    }
  } finally {
    transport.close();
  }
  return unsent;
}

/**
 * Another attempt at an event's mail that SMTP did not take; throws while some of it is still
 * unsent, so the job queue tries again later (with back-off). After the last try it stays in the
 * outbox, unsent, with its error.
 */
export async function deliverAlertEmail(job: MailJob) {
  const unsent = await sendOutbox(job.tenantId, job.eventKey);
  if (unsent > 0) throw new Error(`${unsent} alert email(s) of ${job.eventKey} not sent yet`);
}

/** The header a receiver checks: `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the webhook secret>`. */
export const SIGNATURE_HEADER = "X-GoLive-Signature";

export function signWebhook(secret: string, body: string, timestamp: number) {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * One attempt to deliver an alert to the workspace's webhook, recorded whatever happens; throws
 * when it did not land, so the job queue tries again later (with back-off).
 */
export async function deliverWebhook(job: WebhookJob, attempt: number) {
  const monitor = await db().liveMonitor.findUnique({ where: { tenantId: job.tenantId }, select: { webhookUrl: true, webhookSecretEncrypted: true } });
  if (!monitor?.webhookUrl || !monitor.webhookSecretEncrypted) return { delivered: false as const, reason: "no webhook" };
  const secret = platformBox().open(monitor.webhookSecretEncrypted, { tenantId: job.tenantId, field: "webhookSecret" });
  const body = JSON.stringify({ text: job.text });
  const env = getEnv();
  const result = await safeFetch(monitor.webhookUrl, {
    method: "POST",
    body,
    headers: { "Content-Type": "application/json", [SIGNATURE_HEADER]: signWebhook(secret, body, Math.floor(Date.now() / 1000)) },
    timeoutMs: env.checkTimeoutMs,
    maxBytes: 16 * 1024,
    maxRedirects: 0,
    policy: { allowLoopback: env.allowLocalTargets },
  });
  const ok = result.ok && result.status >= 200 && result.status < 300;
  const error = ok ? null : result.ok ? `answered ${result.status}` : `${result.kind}: ${scrubSecrets(result.detail)}`.slice(0, 300);
  await db().webhookDelivery.create({
    data: { tenantId: job.tenantId, eventKey: job.eventKey, attempt, ok, httpStatus: result.ok ? result.status : null, error },
  });
  if (!ok) throw new Error(`webhook delivery ${attempt} failed: ${error}`);
  return { delivered: true as const };
}

/** A new webhook secret, shown once to the person who set the webhook. */
export function newWebhookSecret() {
  return `whsec_${randomBytes(24).toString("base64url")}`;
}
