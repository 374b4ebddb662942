import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { Outlet, useLoaderData, useRouteLoaderData } from "@remix-run/react";
import { DashboardHeader } from "~/components/dashboard-header";
import { ErrorPage } from "~/components/error-page";
import { deployBadge } from "~/deploy/wizard/page.server";
import { deployWizardAvailable } from "~/deploy/wizard/availability.server";
import { keepClientHeaders } from "~/http/headers";
import { requirePageContext } from "~/tenancy/context.server";
import { canManage } from "~/tenancy/roles";
import { whoCanDeploy } from "~/workspace/team.server";
import { timeZoneFromCookie } from "~/workspace/format";

// This layout's error boundary renders a page's thrown 429 (a spent limit): its Retry-After is kept here.
export const headers: HeadersFunction = ({ errorHeaders }) => keepClientHeaders(errorHeaders);

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requirePageContext(request, { context });
  // A workspace's own instance has no Deploy Wizard: no badge, no Deploy link.
  const badge = deployWizardAvailable() ? await deployBadge(context, ctx.tenant.id, ctx.role) : null;
  // A member or viewer cannot act on the deploy: the badge names who can, and what is waiting.
  if (badge && !canManage(ctx.role) && badge.state !== "LIVE")
    badge.reason = `Waiting on ${await whoCanDeploy(ctx.tenant.id)}: ${badge.reason.charAt(0).toLowerCase()}${badge.reason.slice(1)}`;
  // Dates in the person's time zone when their browser told it (a validated `tz` cookie), else UTC.
  const timeZone = timeZoneFromCookie(request.headers.get("Cookie"));
  return { user: ctx.user, tenant: ctx.tenant, role: ctx.role, memberships: ctx.memberships, badge, timeZone };
}

export default function DashboardLayout() {
  const { user, tenant, role, memberships, badge } = useLoaderData<typeof loader>();
  return (
    <div className="min-h-screen">
      <DashboardHeader user={user} tenant={tenant} role={role} memberships={memberships} badge={badge} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl px-3 pb-6 pt-3 focus:outline-none">
        <Outlet />
      </main>
    </div>
  );
}

/** An error below the dashboard (a refused step, a missing page) keeps the header and a way back. */
export function ErrorBoundary() {
  const layout = useRouteLoaderData<typeof loader>("routes/dashboard");
  if (!layout) return <ErrorPage />;
  return (
    <div className="min-h-screen">
      <DashboardHeader {...layout} />
      <main id="main" tabIndex={-1} className="mx-auto max-w-4xl px-3 py-4 focus:outline-none">
        <ErrorPage inDashboard />
      </main>
    </div>
  );
}
