import type { AppLoadContext } from "@remix-run/node";
import { deployState } from "~/deploy/config/deploy-config.server";
import { BADGE_LABELS, type DeployBadgeData } from "~/deploy/wizard/badge";
import { deployBadgeFor } from "~/deploy/wizard/state";
import { canManage, type RoleName } from "~/tenancy/roles";
import { liveHealthFor } from "./health.server";
import { healthVerdict } from "./schedule";

/**
 * The header badge with the scheduled checks' word on a LIVE workspace: "checked N min ago";
 * BLOCKED after two failed checks in a row, linking to the failing check with what was seen;
 * ACTION REQUIRED for a certificate near its end or a slow answer; LIVE again after a pass. The
 * workspace's status stays "live" throughout: the badge tells its health.
 */
export async function deployBadgeWithHealth(tenantId: string, role: RoleName, context?: AppLoadContext): Promise<DeployBadgeData> {
  const state = await deployState(tenantId, context);
  const manager = canManage(role);
  const badge = deployBadgeFor(state.facts, state.latest, manager);
  if (badge.state !== "LIVE") return badge;
  const verdict = healthVerdict(await liveHealthFor(tenantId, context));
  const href = (checkId: string | null) =>
    manager ? `/dashboard/deploy/live${checkId ? `#live-check-${checkId}` : "#live-health"}` : "/dashboard#deploy-status";
  if (verdict.state === "LIVE") return { ...badge, reason: verdict.reason };
  return { state: verdict.state, label: BADGE_LABELS[verdict.state], reason: verdict.reason, href: href(verdict.checkId) };
}
