import { HEALTH_SELECT, toLiveHealth } from "./health.server";
import { db } from "~/db/client.server";
import { healthVerdict } from "./schedule";
import { uptimeFor } from "./uptime.server";

/**
 * The opt-in public status of a LIVE workspace: found only by its unguessable token (never the
 * workspace's id), and gone the moment the owner turns it off (the token is deleted). It says only
 * the app's name, its state, when it was last checked and the uptime: no URL, no causes.
 */
export async function publicStatus(token: string) {
  if (!/^[A-Za-z0-9_-]{20,40}$/.test(token)) return null;
  const monitor = await db().liveMonitor.findUnique({
    where: { publicToken: token },
    select: { ...HEALTH_SELECT, tenantId: true, tenant: { select: { name: true, deployConfig: { select: { status: true } } } } },
  });
  if (!monitor || monitor.tenant.deployConfig?.status !== "live") return null;
  const verdict = healthVerdict(toLiveHealth(monitor));
  const uptime = await uptimeFor(monitor.tenantId);
  const state = verdict.state === "BLOCKED" ? "down" : verdict.state === "ACTION_REQUIRED" ? "degraded" : "up";
  return {
    name: monitor.tenant.name,
    state,
    lastCheckAt: monitor.lastCheckAt?.toISOString() ?? null,
    uptime: uptime.uptime,
    series: uptime.series,
    incidents: uptime.incidents.map(({ startedAt, endedAt }) => ({ startedAt, endedAt })),
  };
}

const COLOURS = { up: "#15803d", degraded: "#b45309", down: "#b91c1c" } as const;

/** A small SVG badge ("status | up"), shields-style, text only from fixed words. */
export function statusBadgeSvg(state: "up" | "degraded" | "down") {
  const left = 46;
  const right = state === "degraded" ? 70 : 36;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + right}" height="20" role="img" aria-label="status: ${state}"><title>status: ${state}</title><rect width="${left}" height="20" fill="#334155"/><rect x="${left}" width="${right}" height="20" fill="${COLOURS[state]}"/><g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11"><text x="6" y="14">status</text><text x="${left + 6}" y="14">${state}</text></g></svg>`;
}
