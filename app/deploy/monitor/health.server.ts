import type { AppLoadContext } from "@remix-run/node";
import { db } from "~/db/client.server";
import { cachedRead } from "~/db/read-cache.server";
import { memoize } from "~/http/load-context.server";
import type { LiveHealth } from "./schedule";

/** What the scheduled checks last found for a workspace, or null before its first scheduled check (one read per page, cached on the embedded database). */
export function liveHealthFor(tenantId: string, context?: AppLoadContext): Promise<LiveHealth | null> {
  return memoize(context, `live-health:${tenantId}`, () =>
    cachedRead(`live-health:${tenantId}`, async () => {
      const row = await db().liveMonitor.findUnique({
        where: { tenantId },
        select: {
          lastCheckAt: true,
          lastStatus: true,
          lastCheckId: true,
          consecutiveFailures: true,
          failingSince: true,
          failingCheckId: true,
          failingCause: true,
        },
      });
      if (!row) return null;
      return {
        ...row,
        lastCheckAt: row.lastCheckAt?.toISOString() ?? null,
        failingSince: row.failingSince?.toISOString() ?? null,
      };
    }),
  );
}
