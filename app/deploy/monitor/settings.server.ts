import { randomBytes } from "node:crypto";
import { db } from "~/db/client.server";
import { audit } from "~/audit/audit.server";
import { platformBox } from "~/crypto/platform-box.server";
import { DomainError } from "~/domain-error";
import type { TenantContext } from "~/tenancy/context.server";
import { canManage } from "~/tenancy/roles";
import { newWebhookSecret } from "./alerts.server";
import type { MonitorSettings } from "./health.server";
import { INTERVAL_MINUTES } from "./schedule";
import { scheduleWorkspace } from "./scheduler.server";

/**
 * The owner's (or an admin's) settings for a LIVE workspace's scheduled checks: how often (1–60
 * minutes), an optional webhook for alerts (its secret made here and shown once), and the public
 * status page (an unguessable token; off by default, off takes it down at once). Audited.
 */
export type { MonitorSettings } from "./health.server";

type Actor = Pick<TenantContext, "tenant" | "user" | "origin"> & { role?: TenantContext["role"] };

export async function saveMonitorSettings(
  ctx: Actor,
  input: { intervalMinutes?: number; webhookUrl?: string | null; publicStatus?: boolean },
): Promise<MonitorSettings & { webhookSecret: string | null }> {
  if (ctx.role && !canManage(ctx.role)) throw new DomainError("forbidden", "Only owners and admins can change the checks of the live app.");
  const tenantId = ctx.tenant.id;
  const current = await db().liveMonitor.upsert({ where: { tenantId }, create: { tenantId }, update: {} });
  const data: { intervalMinutes?: number; webhookUrl?: string | null; webhookSecretEncrypted?: string | null; publicToken?: string | null } = {};
  let webhookSecret: string | null = null;
  if (input.intervalMinutes !== undefined) {
    if (!Number.isInteger(input.intervalMinutes) || input.intervalMinutes < INTERVAL_MINUTES.min || input.intervalMinutes > INTERVAL_MINUTES.max)
      throw new DomainError("invalid", `Choose between ${INTERVAL_MINUTES.min} and ${INTERVAL_MINUTES.max} minutes.`, { field: "intervalMinutes" });
    data.intervalMinutes = input.intervalMinutes;
  }
  if (input.webhookUrl !== undefined) {
    const url = input.webhookUrl?.trim() || null;
    if (url && !/^https?:\/\/[^\s]+$/.test(url)) throw new DomainError("invalid", "Enter the webhook's full https:// address.", { field: "webhookUrl" });
    if (url !== current.webhookUrl) {
      data.webhookUrl = url;
      // A new address gets a new secret (shown once); clearing the webhook forgets it.
      webhookSecret = url ? newWebhookSecret() : null;
      data.webhookSecretEncrypted = webhookSecret ? platformBox().seal(webhookSecret, { tenantId, field: "webhookSecret" }) : null;
    }
  }
  if (input.publicStatus !== undefined && input.publicStatus !== Boolean(current.publicToken)) {
    data.publicToken = input.publicStatus ? randomBytes(18).toString("base64url") : null;
  }
  const row = await db().liveMonitor.update({ where: { tenantId }, data });
  if (Object.keys(data).length) {
    await audit(ctx, "LIVE_MONITOR_SAVED", {
      intervalMinutes: row.intervalMinutes,
      webhook: row.webhookUrl ? new URL(row.webhookUrl).host : null,
      webhookSecretChanged: webhookSecret !== null || data.webhookSecretEncrypted === null,
      publicStatus: Boolean(row.publicToken),
    });
  }
  if (data.intervalMinutes !== undefined) await scheduleWorkspace(tenantId);
  return {
    intervalMinutes: row.intervalMinutes,
    webhookUrl: row.webhookUrl,
    publicToken: row.publicToken,
    hasWebhookSecret: Boolean(row.webhookSecretEncrypted),
    webhookSecret,
  };
}
