import type { AppLoadContext } from "@remix-run/node";
import { db } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { memoize } from "~/http/load-context.server";
import type { LiveHealth } from "./schedule";

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

/** What the scheduled checks last found for a workspace, or null before its first scheduled check (one read per page, cached on the embedded database). */
export function liveHealthFor(tenantId: string, context?: AppLoadContext): Promise<LiveHealth | null> {
  return memoize(context, `live-health:${tenantId}`, () =>
    cachedRead(`live-health:${tenantId}`, async () => {
      const row = await db().liveMonitor.findUnique({ where: { tenantId }, select: HEALTH_SELECT });
      return row ? toLiveHealth(row) : null;
    }),
  );
}
