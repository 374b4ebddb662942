import { Link } from "@remix-run/react";
import type { DeployBadgeData } from "~/deploy/wizard/badge";

const STYLES: Record<DeployBadgeData["state"], { className: string; dot: string }> = {
  LIVE: { className: "border-green-700 bg-green-50 text-green-900", dot: "bg-green-600" },
  ACTION_REQUIRED: { className: "border-amber-600 bg-amber-50 text-amber-900", dot: "bg-amber-500" },
  BLOCKED: { className: "border-red-700 bg-red-50 text-red-900", dot: "bg-red-600" },
};

/** The header badge: text and colour, a plain link to the fix, rendered on the server. */
export function DeployBadge({ badge }: { badge: DeployBadgeData }) {
  const style = STYLES[badge.state];
  return (
    <Link
      to={badge.href}
      data-testid="deploy-badge"
      data-state={badge.state}
      title={badge.reason}
      className={`inline-flex min-h-11 items-center gap-2 rounded-full border px-3 text-sm font-bold tracking-wide no-underline hover:no-underline ${style.className}`}
    >
      <span aria-hidden="true" className={`inline-block h-2.5 w-2.5 rounded-full ${style.dot}`} />
      <span>{badge.label}</span>
      <span className="sr-only">: {badge.reason}</span>
    </Link>
  );
}
