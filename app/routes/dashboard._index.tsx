import { withFullStop } from "~/workspace/format";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import type { loader as dashboardLoader } from "./dashboard";
import { When } from "~/components/when";
import { tenantStats } from "~/workspace/stats.server";
import { requirePageContext } from "~/tenancy/context.server";
import { deployWizardAvailable } from "~/deploy/wizard/availability.server";
import { liveOverview } from "~/deploy/monitor/overview.server";
import { LiveHealthPanel, LiveNotifications } from "~/components/live/live-health";

export const meta: MetaFunction = () => [{ title: "Dashboard · Go-Live" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  // A LIVE workspace's health (Stay LIVE): every role sees it; owners and admins also their alerts.
  const live = deployWizardAvailable() ? await liveOverview(ctx.tenant.id, ctx.role, context) : null;
  return { tenantName: ctx.tenant.name, stats: await tenantStats(ctx.tenant.id), live };
}

export default function DashboardHome() {
  const { tenantName, stats, live } = useLoaderData<typeof loader>();
  const figures = [
    { label: "Team members", value: String(stats.members.total), href: "/dashboard/team" },
    { label: "Setup done", value: `${stats.setup.done} of ${stats.setup.total}`, href: "/dashboard/setup" },
    { label: "Modules on", value: stats.modulesEnabled.length ? stats.modulesEnabled.join(", ") : "none", href: "/dashboard/modules" },
    { label: "Activity (7 days)", value: `${stats.auditEventsLast7Days}${stats.auditEventsLast7DaysCapped ? "+" : ""}`, href: "/dashboard/audit" },
  ];
  return (
    <section>
      <h1 className="page-title">{tenantName}</h1>
      <DeployStatus status={stats.deploy.status} liveAt={stats.deploy.liveAt} />
      {live ? <LiveNotifications notifications={live.notifications} /> : null}
      {/* The status above already says what the badge says when the app is not LIVE. */}
      {live ? <LiveHealthPanel live={live} verdict={live.verdict.state === "LIVE"} /> : null}
      <ul className="mt-4 grid grid-cols-2 gap-3">
        {figures.map((figure) => (
          <li key={figure.label} className="card">
            <Link to={figure.href} className="block text-slate-900 no-underline hover:no-underline">
              <span className="block text-sm text-slate-600">{figure.label}</span>
              <span className="mt-1 block text-lg font-semibold">{figure.value}</span>
            </Link>
          </li>
        ))}
      </ul>
      {stats.setup.requiredRemaining > 0 ? (
        <p className="notice notice-warn mt-4">
          {stats.setup.requiredRemaining} required setup items remain. <Link to="/dashboard/setup">Finish setup</Link>
        </p>
      ) : null}
    </section>
  );
}

const STATUS_WORDS: Record<string, string> = { draft: "Not set up yet", configured: "Set up, not live yet", live: "Live" };

/** Where the deploy stands, in words: what is waiting and who can do it (the badge links here for members and viewers). */
function DeployStatus({ status, liveAt }: { status: string; liveAt: string | null }) {
  const layout = useRouteLoaderData<typeof dashboardLoader>("routes/dashboard");
  const badge = layout?.badge ?? null;
  // A workspace's own instance is the deployed app: it has no deploy of its own to report (no badge either).
  if (!badge) return null;
  const manager = layout?.role === "OWNER" || layout?.role === "ADMIN";
  const waiting = badge && badge.state !== "LIVE";
  return (
    <div
      id="deploy-status"
      className={`notice mt-3 ${!waiting ? "notice-ok" : badge.state === "BLOCKED" ? "notice-error" : "notice-warn"}`}
      data-testid="deploy-status"
    >
      <p>
        <strong>{STATUS_WORDS[status] ?? status}</strong>
        {status === "live" && liveAt ? (
          <>
            {" "}
            since <When value={liveAt} />
          </>
        ) : null}
      </p>
      {waiting ? (
        <p className="mt-1" data-testid="deploy-waiting">
          {withFullStop(badge.reason)}
        </p>
      ) : null}
      {waiting && manager ? (
        <p className="mt-2">
          <Link className="btn" to={badge.href}>
            {status === "live" ? "See what failed" : "Continue the deploy"}
          </Link>
        </p>
      ) : null}
      {waiting && !manager ? <p className="mt-1">Only owners and admins can deploy; nothing here needs you.</p> : null}
    </div>
  );
}
