import type { LoaderFunctionArgs } from "@remix-run/node";
import { Form, Link, NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { DeployBadge } from "~/components/deploy-badge";
import { deployBadge } from "~/deploy/wizard/badge.server";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage, ROLE_LABELS } from "~/tenancy/roles";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  return {
    user: ctx.user,
    tenant: ctx.tenant,
    role: ctx.role,
    memberships: ctx.memberships,
    badge: await deployBadge(context, ctx.tenant.id, ctx.role),
  };
}

export default function DashboardLayout() {
  const { user, tenant, role, memberships, badge } = useLoaderData<typeof loader>();
  const manager = canManage(role);
  const nav = [
    { to: "/dashboard", label: "Home", end: true },
    ...(manager ? [{ to: "/dashboard/deploy", label: "Deploy" }] : []),
    { to: "/dashboard/setup", label: "Setup" },
    { to: "/dashboard/team", label: "Team" },
    { to: "/dashboard/modules", label: "Modules" },
    ...(manager ? [{ to: "/dashboard/audit", label: "Audit log" }] : []),
    { to: "/dashboard/tokens", label: "API tokens" },
  ];
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-3 gap-y-2 px-3 py-2">
          <div className="min-w-0 flex-1">
            <p className="text-xs font-semibold tracking-wide text-indigo-700">GO-LIVE</p>
            <p className="truncate font-semibold" data-testid="tenant-name">{tenant.name}</p>
          </div>
          <div className="order-3 basis-full sm:order-none sm:basis-auto">
            <DeployBadge badge={badge} />
          </div>
          <details className="relative order-2 sm:order-none">
            <summary className="btn-secondary min-h-10 cursor-pointer list-none px-3 text-sm" aria-label="Account menu">
              {user.name.split(" ")[0] || user.email}
            </summary>
            <div className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white p-3 text-sm shadow-lg">
              <p className="font-medium">{user.name}</p>
              <p className="truncate text-slate-600">{user.email}</p>
              <p className="mt-1 text-slate-600">{ROLE_LABELS[role]} of {tenant.name}</p>
              <Link to="/dashboard/account" className="btn-secondary mt-3 w-full">Your account</Link>
              <Form method="post" action="/logout" className="mt-2">
                <button className="btn-secondary w-full" type="submit">Sign out</button>
              </Form>
            </div>
          </details>
        </div>
        {memberships.length > 1 ? (
          <Form method="post" action="/dashboard/switch-tenant" className="mx-auto flex max-w-4xl items-center gap-2 px-3 pb-2 text-sm">
            <label htmlFor="tenant-switcher" className="text-slate-600">Workspace</label>
            <select id="tenant-switcher" name="tenantId" defaultValue={tenant.id} className="min-h-10 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2">
              {memberships.map((m) => (
                <option key={m.tenantId} value={m.tenantId}>{m.tenantName} ({ROLE_LABELS[m.role]})</option>
              ))}
            </select>
            <button type="submit" className="btn-secondary min-h-10 px-3">Switch</button>
          </Form>
        ) : null}
        <nav aria-label="Dashboard" className="mx-auto max-w-4xl px-1">
          <ul className="flex flex-wrap gap-x-1 whitespace-nowrap text-sm">
            {nav.map((item) => (
              <li key={item.to}>
                <NavLink
                  to={item.to}
                  end={item.end}
                  prefetch="intent"
                  className={({ isActive }) =>
                    `inline-block border-b-2 px-2.5 py-2 no-underline hover:no-underline ${isActive ? "border-indigo-700 font-semibold text-indigo-800" : "border-transparent text-slate-700"}`
                  }
                >
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className="mx-auto max-w-4xl px-3 py-4">
        <Outlet />
      </main>
    </div>
  );
}
