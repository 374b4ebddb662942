import type { AppLoadContext } from "@remix-run/node";
import { db } from "~/db/client.server";
import { deployState } from "~/deploy/config/deploy-config.server";
import { getEnv } from "~/env.server";
import { canManage, type RoleName } from "~/tenancy/roles";
import { liveMonitorFor } from "./health.server";
import { ago, effectiveIntervalSeconds, healthVerdict } from "./schedule";
import { uptimeFor } from "./uptime.server";

/**
 * What the dashboard and step H show of a LIVE workspace's health: the verdict and when it was last
 * checked, uptime, the chart's points, incidents, recent checks; for owners and admins also the
 * settings and the alerts. Null when the workspace is not live.
 */
export async function liveOverview(tenantId: string, role: RoleName, context?: AppLoadContext) {
  const state = await deployState(tenantId, context);
  if (state.row.status !== "live") return null;
  const [{ health, settings: monitor }, uptime] = await Promise.all([liveMonitorFor(tenantId, context), uptimeFor(tenantId)]);
  const manager = canManage(role);
  const settings = manager ? monitor : null;
  const notifications = manager
    ? await db().notification.findMany({
        where: { tenantId },
        orderBy: { createdAt: "desc" },
        take: 5,
        select: { id: true, kind: true, title: true, body: true, href: true, createdAt: true },
      })
    : [];
  const env = getEnv();
  return {
    verdict: healthVerdict(health),
    lastCheckAt: health?.lastCheckAt ?? null,
    checkedAgo: health?.lastCheckAt ? `checked ${ago(health.lastCheckAt)}` : "not checked on schedule yet",
    // Everyone sees how often it is checked; only owners and admins see (and change) the settings.
    intervalSeconds: effectiveIntervalSeconds(monitor.intervalMinutes, env.liveCheckIntervalSeconds),
    ...uptime,
    settings: settings ? { intervalMinutes: settings.intervalMinutes, webhookUrl: settings.webhookUrl, publicStatus: Boolean(settings.publicToken) } : null,
    publicUrl: settings?.publicToken ? `${env.appUrl}/status/${settings.publicToken}` : null,
    notifications: notifications.map((n) => ({ ...n, createdAt: n.createdAt.toISOString() })),
  };
}
export type LiveOverview = NonNullable<Awaited<ReturnType<typeof liveOverview>>>;
