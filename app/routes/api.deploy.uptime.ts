import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { liveOverview } from "~/deploy/monitor/overview.server";
import { requireDeployWizardApi } from "~/deploy/wizard/availability.server";
import { apiJson, methodNotAllowed } from "~/http/api.server";
import { requireManagerApi } from "~/tenancy/context.server";

/**
 * GET /api/deploy/uptime: the LIVE workspace's health as the dashboard shows it: the verdict, when
 * it was last checked, uptime over 24 hours, 7 and 30 days, the last day's checks (response times),
 * incidents with start, end and cause. Owners and admins, like the other deploy APIs.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  requireDeployWizardApi();
  const ctx = await requireManagerApi(request);
  const live = await liveOverview(ctx.tenant.id, ctx.role);
  if (!live) return apiJson({ live: false, verdict: null, lastCheckAt: null, uptime: null, series: [], incidents: [], checks: [] });
  const { verdict, lastCheckAt, checkedAgo, intervalSeconds, uptime, series, incidents, checks } = live;
  return apiJson({ live: true, verdict, lastCheckAt, checkedAgo, intervalSeconds, uptime, series, incidents, checks });
}

export async function action(_args: ActionFunctionArgs) {
  requireDeployWizardApi();
  return methodNotAllowed(["GET"]);
}
