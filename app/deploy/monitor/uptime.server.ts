import { db } from "~/db/client.server";
import type { CheckResult } from "~/deploy/checks/check-result";

/**
 * History of a LIVE workspace: uptime over 24 hours (raw checks), 7 days (raw checks) and 30 days
 * (daily rollups, kept 90 days), the response times of the last 24 hours for the chart, the recent
 * checks and the incidents with their start, end and cause. The pages, the public status page and
 * GET /api/deploy/uptime all read this.
 */
export type UptimeFigure = { checks: number; passes: number; percent: number | null };
export type Uptime = {
  uptime: { last24h: UptimeFigure; last7d: UptimeFigure; last30d: UptimeFigure };
  /** Oldest first: the chart's points. */
  series: { at: string; status: string; responseMs: number | null }[];
  /** Newest first: the latest checks, each with its results (a link target on step H). */
  checks: { id: string; at: string; status: string; responseMs: number | null; cause: string | null; results: CheckResult[] }[];
  incidents: { id: string; startedAt: string; endedAt: string | null; cause: string; checkId: string | null }[];
};

const figure = (checks: number, passes: number): UptimeFigure => ({
  checks,
  passes,
  percent: checks ? Math.round((passes / checks) * 10000) / 100 : null,
});

export async function uptimeFor(tenantId: string, now: Date = new Date()): Promise<Uptime> {
  const hour = 3600_000;
  const [raw, rollups, recent, incidents] = await Promise.all([
    db().$queryRaw<{ day: boolean; checks: number; passes: number }[]>`
      SELECT ("startedAt" >= ${new Date(now.getTime() - 24 * hour)}) AS "day", count(*)::int AS "checks", count(*) FILTER (WHERE "status" IN ('pass', 'warn'))::int AS "passes"
      FROM "LiveCheck" WHERE "tenantId" = ${tenantId} AND "status" <> 'running' AND "startedAt" >= ${new Date(now.getTime() - 7 * 24 * hour)} AND "startedAt" <= ${now}
      GROUP BY 1`,
    db().liveRollup.aggregate({ where: { tenantId, day: { gte: new Date(now.getTime() - 30 * 24 * hour) } }, _sum: { checks: true, passes: true } }),
    db().liveCheck.findMany({
      where: { tenantId, status: { not: "running" }, startedAt: { gte: new Date(now.getTime() - 24 * hour), lte: now } },
      orderBy: { startedAt: "desc" },
      take: 288,
      select: { id: true, startedAt: true, status: true, responseMs: true, cause: true, resultsJson: true },
    }),
    db().liveIncident.findMany({ where: { tenantId }, orderBy: { startedAt: "desc" }, take: 20 }),
  ]);
  const day = raw.find((row) => row.day) ?? { checks: 0, passes: 0 };
  const week = raw.reduce((sum, row) => ({ checks: sum.checks + row.checks, passes: sum.passes + row.passes }), { checks: 0, passes: 0 });
  return {
    uptime: {
      last24h: figure(day.checks, day.passes),
      last7d: figure(week.checks, week.passes),
      last30d: figure(rollups._sum.checks ?? 0, rollups._sum.passes ?? 0),
    },
    series: recent
      .slice()
      .reverse()
      .map((check) => ({ at: check.startedAt.toISOString(), status: check.status, responseMs: check.responseMs })),
    checks: recent.slice(0, 10).map((check) => ({
      id: check.id,
      at: check.startedAt.toISOString(),
      status: check.status,
      responseMs: check.responseMs,
      cause: check.cause,
      results: ((check.resultsJson as { checks?: CheckResult[] } | null)?.checks ?? []) as CheckResult[],
    })),
    incidents: incidents.map((incident) => ({
      id: incident.id,
      startedAt: incident.startedAt.toISOString(),
      endedAt: incident.endedAt?.toISOString() ?? null,
      cause: incident.cause,
      checkId: incident.checkId,
    })),
  };
}
