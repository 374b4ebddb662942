import type { AppLoadContext } from "@remix-run/node";
import { db } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { memoize } from "~/http/load-context.server";
import { INTERVAL_MINUTES, type LiveHealth } from "./schedule";

/** The columns of a workspace's monitor that make its health, as the badge and the status page read them. */
export const HEALTH_SELECT = {
  lastCheckAt: true,
  lastStatus: true,
  lastCheckId: true,
  consecutiveFailures: true,
  failingSince: true,
  failingCheckId: true,
  failingCause: true,
} as const;

type HealthRow = { lastCheckAt: Date | null; failingSince: Date | null } & Omit<LiveHealth, "lastCheckAt" | "failingSince">;

/** A monitor row as LiveHealth: times as ISO strings (the same on the server and in the page's data). */
export function toLiveHealth<Row extends HealthRow>(row: Row) {
  return { ...row, lastCheckAt: row.lastCheckAt?.toISOString() ?? null, failingSince: row.failingSince?.toISOString() ?? null };
}

/** The owner's settings of a workspace's scheduled checks (settings.server.ts changes them). */
export type MonitorSettings = { intervalMinutes: number; webhookUrl: string | null; publicToken: string | null; hasWebhookSecret: boolean };

const SETTINGS_SELECT = { intervalMinutes: true, webhookUrl: true, publicToken: true, webhookSecretEncrypted: true } as const;

/**
 * A workspace's monitor row, read once per page (and cached on the embedded database): what the
 * scheduled checks last found, null before the first, and the owner's settings, defaults before any.
 */
export function liveMonitorFor(tenantId: string, context?: AppLoadContext): Promise<{ health: LiveHealth | null; settings: MonitorSettings }> {
  return memoize(context, `live-monitor:${tenantId}`, () =>
    cachedRead(`live-monitor:${tenantId}`, async () => {
      const row = await db().liveMonitor.findUnique({ where: { tenantId }, select: { ...HEALTH_SELECT, ...SETTINGS_SELECT } });
      if (!row) return { health: null, settings: { intervalMinutes: INTERVAL_MINUTES.default, webhookUrl: null, publicToken: null, hasWebhookSecret: false } };
      const { intervalMinutes, webhookUrl, publicToken, webhookSecretEncrypted, ...health } = row;
      return { health: toLiveHealth(health), settings: { intervalMinutes, webhookUrl, publicToken, hasWebhookSecret: Boolean(webhookSecretEncrypted) } };
    }),
  );
}

/** What the scheduled checks last found for a workspace, or null before its first scheduled check. */
export async function liveHealthFor(tenantId: string, context?: AppLoadContext): Promise<LiveHealth | null> {
  return (await liveMonitorFor(tenantId, context)).health;
}
