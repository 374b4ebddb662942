import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAudit } from "~/audit/audit.server";
import { isoString } from "~/workspace/format";
import { When } from "~/components/when";
import { parseDateParam } from "~/http/params";
import { requireManagerPage } from "~/tenancy/context.server";

export const meta: MetaFunction = () => [{ title: "Audit log · Go-Live" }];

const PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  const ctx = await requireManagerPage(request, context);
  const parsed = parseDateParam(new URL(request.url).searchParams.get("before"));
  if (!parsed.ok) throw new Response(`The 'before' date is not valid. ${parsed.message}`, { status: 400 });
  const before = parsed.date;
  // One extra row tells whether an older page exists.
  const rows = await listAudit(ctx.tenant.id, { take: PAGE_SIZE + 1, before });
  const entries = rows.slice(0, PAGE_SIZE).map((row) => ({ ...row, metadata: metadataPairs(row.metadata) }));
  const last = entries.at(-1);
  return { entries, older: rows.length > PAGE_SIZE && last ? isoString(last.createdAt) : null, paged: Boolean(before) };
}

function metadataPairs(metadata: unknown): [string, string][] {
  if (typeof metadata !== "object" || metadata === null || Array.isArray(metadata)) return [];
  return Object.entries(metadata).map(([key, value]) => [key, typeof value === "string" ? value : JSON.stringify(value)]);
}

export default function AuditPage() {
  const { entries, older, paged } = useLoaderData<typeof loader>();
  return (
    <section>
      <h1 className="page-title">Audit log</h1>
      <p className="mt-1 text-slate-600">Every change in this workspace, newest first. Only owners and admins see this page.</p>
      {entries.length === 0 ? <p className="mt-4">Nothing recorded yet.</p> : null}
      <ol className="mt-4 space-y-2" aria-label="Audit entries">
        {entries.map((entry) => (
          <li key={entry.id} className="card py-3" data-testid="audit-entry">
            <div className="flex flex-wrap items-baseline justify-between gap-x-3">
              <code className="font-semibold text-slate-900" data-testid="audit-action">
                {entry.action}
              </code>
              <time className="text-sm text-slate-600" dateTime={isoString(entry.createdAt)}>
                <When value={entry.createdAt} />
              </time>
            </div>
            <p className="mt-1 break-all text-sm text-slate-700">
              by {entry.actorLabel}
              {entry.origin ? <span className="text-slate-600"> · {entry.origin}</span> : null}
            </p>
            {entry.metadata.length ? (
              <dl className="mt-1 text-sm text-slate-600">
                {entry.metadata.map(([key, value]) => (
                  <div key={key} className="flex gap-1">
                    <dt className="shrink-0 font-medium">{key}:</dt>
                    <dd className="min-w-0 break-all">{value}</dd>
                  </div>
                ))}
              </dl>
            ) : null}
          </li>
        ))}
      </ol>
      <nav className="mt-4 flex gap-3" aria-label="Audit pages">
        {paged ? (
          <Link to="/dashboard/audit" className="btn-secondary">
            Newest
          </Link>
        ) : null}
        {older ? (
          <Link to={`/dashboard/audit?before=${encodeURIComponent(older)}`} className="btn-secondary">
            Older
          </Link>
        ) : null}
      </nav>
    </section>
  );
}
