import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";

const STATUS: Record<number, { title: string; message: string }> = {
  400: { title: "That request was not understood", message: "Something in the request was not what this page expects." },
  403: {
    title: "This page is for owners and admins",
    message: "Your role in this workspace does not include this page. An owner or admin of the workspace can do it, or change your role on the Team page.",
  },
  404: { title: "Page not found", message: "There is nothing at this address. The link may be old, or the item may have been removed." },
  429: { title: "Too many attempts", message: "Wait a moment and try again." },
  503: { title: "Temporarily unavailable", message: "The service is busy or restarting. Try again in a moment." },
};

/** Every refused or failed page: what happened in plain words, and a way back. */
export function ErrorPage({ inDashboard = false }: { inDashboard?: boolean }) {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const known = STATUS[status];
  // A rate limit's own words say when to retry; other statuses keep the plain line above.
  const detail = isRouteErrorResponse(error) && typeof error.data === "string" && status === 429 && error.data.trim() ? error.data : null;
  const title = known?.title ?? "Something went wrong";
  const body = (
    <section className="card" data-testid="error-page" data-status={status}>
      <p className="text-sm font-semibold text-slate-700">Error {status}</p>
      <h1 className="page-title mt-1">{title}</h1>
      <p className="mt-2">
        {detail ??
          known?.message ??
          "Something went wrong on our side. Try again in a moment; if it keeps happening, tell the person who runs Go-Live for you."}
      </p>
      <p className="mt-4 flex flex-wrap gap-2">
        <Link className="btn" to="/dashboard">
          Back to the dashboard
        </Link>
        {status === 403 && inDashboard ? (
          <Link className="btn-secondary" to="/dashboard/team">
            See who can
          </Link>
        ) : null}
      </p>
    </section>
  );
  if (inDashboard) return body;
  return (
    <main id="main" className="mx-auto max-w-xl p-4 sm:p-6">
      <p className="mb-3 text-sm font-semibold tracking-wide text-indigo-700">GO-LIVE</p>
      {body}
    </main>
  );
}
