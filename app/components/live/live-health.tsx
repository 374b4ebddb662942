import { Form, Link } from "@remix-run/react";
import type { LiveOverview } from "~/deploy/monitor/overview.server";
import { formatWhen } from "~/workspace/format";
import { ShownOnce } from "~/components/shown-once";

/**
 * A LIVE workspace's health, rendered on the server (no JavaScript needed): when it was last
 * checked and what was found, uptime over 24 hours, 7 and 30 days, the response times as a small
 * SVG chart, the incidents and the recent checks (each one a link target for the badge).
 */
type Live = Pick<LiveOverview, "verdict" | "checkedAgo" | "uptime" | "series" | "incidents" | "checks" | "intervalSeconds">;

const VERDICT_STYLE = { LIVE: "notice-ok", ACTION_REQUIRED: "notice-warn", BLOCKED: "notice-error" } as const;
const STATUS_WORDS: Record<string, string> = { pass: "passed", warn: "passed, needs attention", fail: "failed", running: "running" };

const percent = (figure: { percent: number | null }) => (figure.percent === null ? "no checks yet" : `${figure.percent}%`);

export function UptimeChart({ series }: { series: Live["series"] }) {
  const width = 300;
  const height = 64;
  const slots = Math.max(series.length, 24);
  const bar = width / slots;
  const max = Math.max(200, ...series.map((point) => point.responseMs ?? 0));
  const failed = series.filter((point) => point.status === "fail").length;
  const times = series.flatMap((point) => (point.status !== "fail" && point.responseMs !== null ? [point.responseMs] : [])).sort((a, b) => a - b);
  const median = times.length ? times[Math.floor(times.length / 2)] : null;
  const label = series.length
    ? `Response times of the last ${series.length} checks (24 hours): median ${median ?? "–"} ms, ${failed} failed.`
    : "No checks in the last 24 hours yet.";
  return (
    <figure className="mt-3">
      <svg
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        height={height}
        role="img"
        aria-label={label}
        data-testid="uptime-chart"
        className="rounded border border-slate-200 bg-white"
      >
        <title>{label}</title>
        {series.map((point, index) => {
          const h = point.status === "fail" ? height : Math.max(2, Math.round(((point.responseMs ?? 0) / max) * (height - 4)));
          const fill = point.status === "fail" ? "#b91c1c" : point.status === "warn" ? "#d97706" : "#15803d";
          return <rect key={point.at} x={(slots - series.length + index) * bar} y={height - h} width={Math.max(1, bar - 1)} height={h} fill={fill} />;
        })}
      </svg>
      <figcaption className="mt-1 text-sm text-slate-700">{label}</figcaption>
    </figure>
  );
}

/** `verdict={false}` where the page already says the badge's verdict just above (the dashboard's status), so a phone does not read it twice. */
export function LiveHealthPanel({ live, headingLevel = 2, verdict = true }: { live: Live; headingLevel?: 2 | 3; verdict?: boolean }) {
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const every = live.intervalSeconds % 60 === 0 ? `${live.intervalSeconds / 60} min` : `${live.intervalSeconds} s`;
  return (
    <section id="live-health" className="card mt-4" data-testid="live-health" aria-labelledby="live-health-title">
      <Heading id="live-health-title" className="text-lg font-semibold">
        Is the app up?
      </Heading>
      {verdict ? (
        <p className={`notice mt-2 ${VERDICT_STYLE[live.verdict.state]}`} data-testid="live-verdict" data-state={live.verdict.state}>
          {live.verdict.reason}
        </p>
      ) : null}
      <p className="mt-1 text-sm text-slate-700" data-testid="live-checked">
        The live URL is {live.checkedAgo}; it is checked every {every} with the same checks as step G.
      </p>
      <dl className="mt-3 grid grid-cols-3 gap-2 text-center" data-testid="uptime-figures">
        {(
          [
            ["24 hours", live.uptime.last24h],
            ["7 days", live.uptime.last7d],
            ["30 days", live.uptime.last30d],
          ] as const
        ).map(([label, figure]) => (
          <div key={label} className="rounded border border-slate-200 p-2">
            <dt className="text-sm text-slate-700">Uptime {label}</dt>
            <dd className="font-semibold">{percent(figure)}</dd>
          </div>
        ))}
      </dl>
      <UptimeChart series={live.series} />
      <Heading id="live-incidents" className="mt-4 font-semibold">
        Incidents
      </Heading>
      {live.incidents.length ? (
        <ul className="mt-1 space-y-2 text-sm" data-testid="live-incidents">
          {live.incidents.map((incident) => (
            <li key={incident.id} className={`notice ${incident.endedAt ? "notice-warn" : "notice-error"}`} data-testid="live-incident">
              <p>
                <strong>{incident.endedAt ? "Resolved" : "Ongoing"}</strong>: from {formatWhen(incident.startedAt)}
                {incident.endedAt ? ` to ${formatWhen(incident.endedAt)}` : " until now"}.
              </p>
              <p>Cause: {incident.cause}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="mt-1 text-sm">No incidents.</p>
      )}
      <details className="mt-3">
        <summary className="cursor-pointer font-semibold">Recent checks</summary>
        <ul className="mt-1 space-y-2 text-sm">
          {live.checks.map((check) => (
            <li key={check.id} id={`live-check-${check.id}`} className="scroll-mt-4">
              <p>
                {formatWhen(check.at)}: {STATUS_WORDS[check.status] ?? check.status}
                {check.responseMs !== null ? `, ${check.responseMs} ms` : ""}
              </p>
              {check.cause ? <p className="text-slate-700">{check.cause}</p> : null}
              {check.results
                .filter((result) => result.status !== "pass" && result.fix)
                .slice(0, 2)
                .map((result) => (
                  <p key={result.id}>
                    <Link to={result.fix!.href}>{result.fix!.text}</Link>
                  </p>
                ))}
            </li>
          ))}
        </ul>
      </details>
    </section>
  );
}

export type LiveSettingsData = { intervalMinutes: number; webhookUrl: string | null; publicStatus: boolean };
export type LiveSettingsAnswer = { saved?: boolean; webhookSecret?: string | null; error?: string; field?: string };

/** Owners and admins: how often, the webhook for alerts, the public status page. Plain form, post-redirect-get. */
export function LiveSettingsForm({ settings, publicUrl, answer }: { settings: LiveSettingsData; publicUrl: string | null; answer?: LiveSettingsAnswer }) {
  return (
    <section className="card mt-4" aria-labelledby="live-settings-title" data-testid="live-settings">
      <h2 id="live-settings-title" className="text-lg font-semibold">
        Checks and alerts
      </h2>
      {answer?.error ? (
        <p className="notice notice-error mt-2" role="alert">
          {answer.error}
        </p>
      ) : null}
      {answer?.saved ? (
        <p className="notice notice-ok mt-2" role="status">
          Saved.
        </p>
      ) : null}
      {answer?.webhookSecret ? (
        <ShownOnce id="webhook-secret" label="Webhook secret" value={answer.webhookSecret} heading="Your webhook's signing secret, shown once">
          <p className="mt-2 text-sm">Each delivery carries X-GoLive-Signature: t=…,v1=HMAC-SHA256 of “t.body” with this secret.</p>
        </ShownOnce>
      ) : null}
      <Form method="post" className="mt-3 space-y-3">
        <input type="hidden" name="intent" value="monitor-settings" />
        <div>
          <label className="field-label" htmlFor="intervalMinutes">
            Check every (minutes)
          </label>
          <input
            className="field-input"
            id="intervalMinutes"
            name="intervalMinutes"
            type="number"
            min={1}
            max={60}
            defaultValue={settings.intervalMinutes}
            required
          />
          <p className="field-hint">1 to 60 minutes. Owners and admins are told when the app goes down, comes back, or its certificate nears its end.</p>
        </div>
        <div>
          <label className="field-label" htmlFor="webhookUrl">
            Webhook for alerts (optional)
          </label>
          <input
            className="field-input"
            id="webhookUrl"
            name="webhookUrl"
            type="url"
            inputMode="url"
            defaultValue={settings.webhookUrl ?? ""}
            placeholder="https://hooks.slack.com/services/…"
          />
          <p className="field-hint">Slack-compatible JSON ({"{ text }"}), signed; a new address gets a new secret, shown once. Empty removes it.</p>
        </div>
        <label className="flex min-h-11 items-center gap-2" htmlFor="publicStatus">
          <input id="publicStatus" name="publicStatus" type="checkbox" value="on" defaultChecked={settings.publicStatus} className="h-6 w-6 shrink-0" />
          <span>Public status page and badge</span>
        </label>
        {publicUrl ? (
          <p className="text-sm" data-testid="public-status-url">
            Public at <a href={publicUrl}>{publicUrl}</a> (badge: <a href={`${publicUrl}/badge.svg`}>badge.svg</a>). Turning it off takes it down at once.
          </p>
        ) : (
          <p className="field-hint">Off: nothing about this app is public.</p>
        )}
        <button className="btn" type="submit">
          Save
        </button>
      </Form>
    </section>
  );
}

type Notice = { id: string; kind: string; title: string; body: string; href: string | null; createdAt: string };

/** The latest alerts, for owners and admins. */
export function LiveNotifications({ notifications }: { notifications: Notice[] }) {
  if (!notifications.length) return null;
  return (
    <section className="mt-4" aria-labelledby="live-alerts-title" data-testid="live-notifications">
      <h2 id="live-alerts-title" className="font-semibold">
        Alerts
      </h2>
      <ul className="mt-1 space-y-2 text-sm">
        {notifications.map((notice) => (
          <li
            key={notice.id}
            className={`notice ${notice.kind === "incident_started" ? "notice-error" : notice.kind === "cert_expiring" ? "notice-warn" : "notice-ok"}`}
          >
            <p>
              <strong>{notice.title}</strong> · {formatWhen(notice.createdAt)}
            </p>
            <p>
              {notice.body} {notice.href ? <Link to={notice.href}>Details</Link> : null}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
