import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { UptimeChart } from "~/components/live/live-health";
import { publicStatus } from "~/deploy/monitor/public-status.server";
import { formatWhen } from "~/workspace/format";

// Public, but never kept by a cache: turning the page off takes it down at once.
export const headers: HeadersFunction = () => ({ "Cache-Control": "no-store", "X-Robots-Tag": "noindex" });
export const meta: MetaFunction = () => [{ title: "Status · Go-Live" }, { name: "robots", content: "noindex" }];

/** GET /status/:token — an owner's opt-in public status page (404 when off or unknown). */
export async function loader({ params }: LoaderFunctionArgs) {
  const status = await publicStatus(params.token ?? "");
  if (!status) throw new Response("Not found", { status: 404 });
  return status;
}

const WORDS = { up: "Operational", degraded: "Operational, with a warning", down: "Down" } as const;

export default function PublicStatus() {
  const status = useLoaderData<typeof loader>();
  return (
    <main className="mx-auto max-w-xl px-3 py-6">
      <h1 className="page-title">{status.name}</h1>
      <p className={`notice mt-3 ${status.state === "up" ? "notice-ok" : status.state === "down" ? "notice-error" : "notice-warn"}`} data-testid="public-state">
        {WORDS[status.state as keyof typeof WORDS]} · last checked {formatWhen(status.lastCheckAt, "not yet")}
      </p>
      <p className="mt-2 text-sm">
        Uptime: {status.uptime.last24h.percent ?? "–"}% (24 h), {status.uptime.last7d.percent ?? "–"}% (7 days), {status.uptime.last30d.percent ?? "–"}% (30
        days)
      </p>
      <UptimeChart series={status.series} />
      {status.incidents.length ? (
        <ul className="mt-3 text-sm">
          {status.incidents.map((incident) => (
            <li key={incident.startedAt}>
              Incident from {formatWhen(incident.startedAt)} {incident.endedAt ? `to ${formatWhen(incident.endedAt)}` : "(ongoing)"}
            </li>
          ))}
        </ul>
      ) : null}
    </main>
  );
}
