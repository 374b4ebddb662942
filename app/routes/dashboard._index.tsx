import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { tenantStats } from "~/workspace/stats.server";
import { requirePageContext } from "~/tenancy/context.server";

export const meta: MetaFunction = () => [{ title: "Dashboard · Go-Live" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  return { tenantName: ctx.tenant.name, stats: await tenantStats(ctx.tenant.id) };
}

export default function DashboardHome() {
  const { tenantName, stats } = useLoaderData<typeof loader>();
  const figures = [
    { label: "Team members", value: String(stats.members.total), href: "/dashboard/team" },
    { label: "Setup done", value: `${stats.setup.done} of ${stats.setup.total}`, href: "/dashboard/setup" },
    { label: "Modules on", value: stats.modulesEnabled.length ? stats.modulesEnabled.join(", ") : "none", href: "/dashboard/modules" },
    { label: "Activity (7 days)", value: String(stats.auditEventsLast7Days), href: "/dashboard/audit" },
  ];
  return (
    <section>
      <h1 className="page-title">{tenantName}</h1>
      <p id="deploy-status" className="mt-1 text-slate-600">
        Deploy status: <strong>{stats.deploy.status}</strong>
        {stats.deploy.liveAt ? ` since ${new Date(stats.deploy.liveAt).toUTCString()}` : ""}
      </p>
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
        <p className="notice notice-warn mt-4">{stats.setup.requiredRemaining} required setup items remain. <Link to="/dashboard/setup">Finish setup</Link></p>
      ) : null}
    </section>
  );
}
