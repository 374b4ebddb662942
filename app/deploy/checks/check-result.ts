/** The shape every pre-flight and verification check returns. */
export type CheckStatus = "pass" | "warn" | "fail";
export type CheckResult = {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  fix: { text: string; href: string } | null;
  timingMs?: number;
  httpStatus?: number;
  /** The server a check called (host:port), never credentials. */
  target?: string;
  /** A machine-readable finding, for checks that tell cases apart (which app answers the live URL). */
  code?: string;
  /** The certificate check: when the live URL's certificate expires (ISO date-time). */
  expiresAt?: string;
};

export function overallStatus(checks: CheckResult[]): "passed" | "failed" {
  return checks.some((check) => check.status === "fail") ? "failed" : "passed";
}

/**
 * Bounds on what a stored run holds. Details can carry text derived from a tenant's server (a host
 * name, a version, names from a /ready answer); whatever a check produced, a run is stored and shown
 * at a size a page can carry.
 */
export const RUN_LIMITS = { checks: 12, id: 64, title: 120, detail: 500, fixText: 300, href: 200, target: 300, bytes: 16 * 1024 } as const;

/** At most `max` characters (code points, so a pair is never split), ending in … when cut. */
function clip(text: string, max: number) {
  if (text.length <= max) return text;
  // max code points never take more than 2 × max UTF-16 units: only that much is looked at.
  const chars = Array.from(text.slice(0, 2 * max + 2));
  return chars.length <= max && text.length <= 2 * max + 2 ? text : `${chars.slice(0, Math.max(0, max - 1)).join("")}…`;
}

function boundCheck(check: CheckResult, detailLimit: number, fixLimit: number): CheckResult {
  const bounded: CheckResult = {
    id: clip(String(check.id), RUN_LIMITS.id),
    title: clip(String(check.title), RUN_LIMITS.title),
    status: check.status === "pass" || check.status === "warn" ? check.status : "fail",
    detail: clip(String(check.detail), detailLimit),
    fix: check.fix ? { text: clip(String(check.fix.text), fixLimit), href: clip(String(check.fix.href), RUN_LIMITS.href) } : null,
  };
  if (typeof check.timingMs === "number") bounded.timingMs = check.timingMs;
  if (typeof check.httpStatus === "number") bounded.httpStatus = check.httpStatus;
  if (typeof check.target === "string") bounded.target = clip(check.target, RUN_LIMITS.target);
  if (typeof check.code === "string") bounded.code = clip(check.code, 40);
  if (typeof check.expiresAt === "string") bounded.expiresAt = clip(check.expiresAt, 40);
  return bounded;
}

/**
 * The checks of a run as they are stored and shown: at most RUN_LIMITS.checks, each field clipped,
 * the whole at most RUN_LIMITS.bytes of JSON (details are cut shorter until it fits). The run's
 * status is decided on the checks before this.
 */
export function boundRunChecks(checks: CheckResult[]): CheckResult[] {
  const kept = checks.slice(0, RUN_LIMITS.checks);
  for (const [detail, fix] of [
    [RUN_LIMITS.detail, RUN_LIMITS.fixText],
    [160, 160],
    [60, 100],
  ] as const) {
    const bounded = kept.map((check) => boundCheck(check, detail, fix));
    if (Buffer.byteLength(JSON.stringify({ checks: bounded })) <= RUN_LIMITS.bytes) return bounded;
  }
  return kept.map((check) => ({
    id: clip(String(check.id), 40),
    title: clip(String(check.title), 40),
    status: boundCheck(check, 1, 1).status,
    detail: "Too long to store.",
    fix: null,
  }));
}
