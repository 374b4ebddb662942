import { Form, Link, NavLink, useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { DeployBadgeData } from "~/deploy/wizard/badge";
import { canManage, ROLE_LABELS, type RoleName } from "~/tenancy/roles";
import { DeployBadge } from "./deploy-badge";

type HeaderProps = {
  user: { name: string; email: string };
  tenant: { id: string; name: string };
  role: RoleName;
  memberships: { tenantId: string; tenantName: string; role: RoleName }[];
  /** Null on a workspace's own instance: it is the deployed app, with no Deploy Wizard. */
  badge: DeployBadgeData | null;
};

/**
 * The header on every dashboard page, its error pages included: one row of navigation whose last
 * items fold into a "More" menu on phones (a plain <details>, so it opens without JavaScript).
 */
export function DashboardHeader({ user, tenant, role, memberships, badge }: HeaderProps) {
  const manager = canManage(role);
  const { pathname } = useLocation();
  // With JavaScript the header stays while pages change: a menu left open would cover the next page.
  const header = useRef<HTMLElement>(null);
  useEffect(() => header.current?.querySelectorAll("details[open]").forEach((menu) => menu.removeAttribute("open")), [pathname]);
  const primary = [
    { to: "/dashboard", label: "Home", end: true },
    ...(manager && badge ? [{ to: "/dashboard/deploy", label: "Deploy" }] : []),
    { to: "/dashboard/setup", label: "Setup" },
    { to: "/dashboard/team", label: "Team" },
  ];
  const more = [
    { to: "/dashboard/modules", label: "Modules" },
    ...(manager ? [{ to: "/dashboard/audit", label: "Audit log" }] : []),
    { to: "/dashboard/tokens", label: "API tokens" },
  ];
  const moreCurrent = more.some((item) => pathname.startsWith(item.to));
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    `flex min-h-11 items-center border-b-2 px-2.5 no-underline hover:no-underline ${isActive ? "border-indigo-700 font-semibold text-indigo-800" : "border-transparent text-slate-700"}`;
  return (
    <header ref={header} className="border-b border-slate-200 bg-white">
      <a href="#main" className="skip-link">
        Skip to content
      </a>
      <div className="mx-auto flex max-w-4xl flex-wrap items-center gap-x-3 gap-y-1 px-3 pt-1">
        <div className="min-w-0 flex-1">
          <p className="text-sm font-semibold tracking-wide text-indigo-700">GO-LIVE</p>
          <p className="font-semibold break-words" data-testid="tenant-name">
            {tenant.name}
          </p>
        </div>
        {badge ? (
          <div className="order-3 basis-full sm:order-none sm:basis-auto">
            <DeployBadge badge={badge} />
          </div>
        ) : null}
        <details className="relative order-2 sm:order-none">
          <summary className="btn-secondary min-w-11 cursor-pointer list-none px-3">
            <span className="sr-only">Account menu: </span>
            {user.name.split(" ")[0] || user.email}
          </summary>
          <div className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white p-3 shadow-lg">
            <p className="font-medium">{user.name}</p>
            <p className="break-all text-slate-700">{user.email}</p>
            <p className="mt-1 text-slate-700">
              {ROLE_LABELS[role]} of {tenant.name}
            </p>
            <Link to="/dashboard/account" className="btn-secondary mt-3 w-full">
              Your account
            </Link>
            <Form method="post" action="/logout" className="mt-2">
              <button className="btn-secondary w-full" type="submit">
                Sign out
              </button>
            </Form>
          </div>
        </details>
      </div>
      {memberships.length > 1 ? (
        <Form method="post" action="/dashboard/switch-tenant" className="mx-auto flex max-w-4xl items-center gap-2 px-3 pt-1">
          <label htmlFor="tenant-switcher" className="sr-only">
            Workspace
          </label>
          <select
            id="tenant-switcher"
            name="tenantId"
            defaultValue={tenant.id}
            className="min-h-11 min-w-0 flex-1 rounded-md border border-slate-300 bg-white px-2 text-base"
          >
            {memberships.map((m) => (
              <option key={m.tenantId} value={m.tenantId}>
                {m.tenantName} ({ROLE_LABELS[m.role]})
              </option>
            ))}
          </select>
          <button type="submit" className="btn-secondary px-3">
            Switch
          </button>
        </Form>
      ) : null}
      <nav aria-label="Dashboard" className="mx-auto max-w-4xl px-1">
        <ul className="flex items-center whitespace-nowrap text-sm sm:text-base">
          {primary.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end} prefetch="intent" className={linkClass}>
                {item.label}
              </NavLink>
            </li>
          ))}
          {more.map((item) => (
            <li key={item.to} className="hidden sm:block">
              <NavLink to={item.to} prefetch="intent" className={linkClass}>
                {item.label}
              </NavLink>
            </li>
          ))}
          <li className="relative sm:hidden">
            <details className="nav-more">
              <summary className={`${linkClass({ isActive: moreCurrent })} cursor-pointer list-none`}>
                More<span aria-hidden="true">&nbsp;▾</span>
              </summary>
              <ul className="absolute right-0 z-10 mt-1 w-48 rounded-md border border-slate-200 bg-white py-1 shadow-lg">
                {more.map((item) => (
                  <li key={item.to}>
                    <NavLink to={item.to} prefetch="intent" className={linkClass}>
                      {item.label}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </details>
          </li>
        </ul>
      </nav>
    </header>
  );
}
