import { Link } from "@remix-run/react";
import type { CheckResult } from "~/deploy/checks/check-result";

const STATUS: Record<CheckResult["status"], { label: string; className: string }> = {
  pass: { label: "PASS", className: "bg-green-100 text-green-900" },
  warn: { label: "WARN", className: "bg-amber-100 text-amber-900" },
  fail: { label: "FAIL", className: "bg-red-100 text-red-900" },
};

/** A run's checks: status as text and colour, the detail, timing and the link that fixes it. */
export function CheckList({ checks }: { checks: CheckResult[] }) {
  return (
    <ul className="mt-3 space-y-2" data-testid="check-list">
      {checks.map((check) => (
        <li key={check.id} id={`check-${check.id}`} data-check={check.id} data-status={check.status} className="card scroll-mt-4 p-3">
          <div className="flex items-start justify-between gap-2">
            <p className="font-medium">{check.title}</p>
            <span className={`shrink-0 rounded px-2 py-0.5 text-sm font-bold ${STATUS[check.status].className}`}>{STATUS[check.status].label}</span>
          </div>
          <p className="mt-1 text-sm text-slate-700">{check.detail}</p>
          <p className="mt-1 text-sm text-slate-600">
            <code>{check.id}</code>
            {check.timingMs !== undefined ? ` · ${check.timingMs} ms` : ""}
            {check.httpStatus !== undefined ? ` · HTTP ${check.httpStatus}` : ""}
          </p>
          {check.fix && check.status !== "pass" ? (
            <p className="mt-2 text-sm">
              <strong>Fix:</strong> {check.fix.text} <Link to={check.fix.href}>Go there</Link>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
