import { createHash } from "node:crypto";
import type { CheckResult } from "~/deploy/checks/check-result";

/**
 * Stay LIVE, the pure part: when a LIVE workspace's app is checked, and what a check and a run of
 * checks mean for its health. The scheduler (scheduler.server.ts) and the pages read these.
 */
export const INTERVAL_MINUTES = { min: 1, max: 60, default: 5 } as const;
/** A check that passed but took longer than this (the app's /health) asks for attention. */
export const SLOW_PASS_MS = 3000;
/** A certificate with fewer days than this left asks for attention, and is alerted once. */
export const CERT_WARN_DAYS = 14;
/** Failed scheduled checks in a row that turn the badge BLOCKED and open an incident. */
export const FAILURES_TO_BLOCK = 2;

/**
 * Seconds between two checks of one workspace: the owner's choice (1–60 minutes), never below the
 * operator's floor (LIVE_CHECK_INTERVAL_SECONDS). A floor under a minute is a setting for local runs
 * and tests: every LIVE workspace is then checked at that cadence.
 */
export function effectiveIntervalSeconds(ownerMinutes: number, floorSeconds: number) {
  if (floorSeconds < 60) return floorSeconds;
  const minutes = Math.min(Math.max(Math.round(ownerMinutes) || INTERVAL_MINUTES.default, INTERVAL_MINUTES.min), INTERVAL_MINUTES.max);
  return Math.max(minutes * 60, floorSeconds);
}

/** Each workspace's slots are offset by a fixed amount from its id, so 2,000 workspaces on a 5-minute cadence spread over the 5 minutes. */
export function slotOffsetMs(tenantId: string, intervalMs: number) {
  return createHash("sha256").update(tenantId).digest().readUInt32BE(0) % intervalMs;
}

/** The first slot of this workspace at or after `at`. A slot is the moment one check is due; one check runs per slot. */
export function nextSlot(tenantId: string, intervalSeconds: number, at: Date): Date {
  const interval = intervalSeconds * 1000;
  const offset = slotOffsetMs(tenantId, interval);
  const n = Math.ceil((at.getTime() - offset) / interval);
  return new Date(n * interval + offset);
}

export type CheckOutcome = {
  status: "pass" | "warn" | "fail";
  responseMs: number | null;
  /** What was seen, for a failed or warning check: the first failing (or warning) check's words. */
  cause: string | null;
  fix: { text: string; href: string } | null;
  certExpiresAt: Date | null;
  certExpiring: boolean;
};

/** One check from step G's results: fail when any call failed; warn when the certificate is near its end or the app answered slowly. */
export function outcomeOf(checks: CheckResult[]): CheckOutcome {
  const health = checks.find((check) => check.id === "live.health");
  const certificate = checks.find((check) => check.id === "live.certificate");
  const responseMs = typeof health?.timingMs === "number" ? health.timingMs : null;
  const certExpiresAt = certificate?.expiresAt ? new Date(certificate.expiresAt) : null;
  const certExpiring = certificate?.code === "cert_expiring";
  const failed = checks.find((check) => check.status === "fail");
  if (failed) return { status: "fail", responseMs, cause: `${failed.title}: ${failed.detail}`, fix: failed.fix, certExpiresAt, certExpiring };
  if (certExpiring) return { status: "warn", responseMs, cause: certificate!.detail, fix: certificate!.fix, certExpiresAt, certExpiring };
  if (responseMs !== null && responseMs > SLOW_PASS_MS)
    return {
      status: "warn",
      responseMs,
      cause: `The app answered slowly: /health took ${(responseMs / 1000).toFixed(1)} s.`,
      fix: { text: "Check your host's plan and the app's logs; a sleeping free plan answers slowly on its first call.", href: "/dashboard/deploy/live" },
      certExpiresAt,
      certExpiring,
    };
  return { status: "pass", responseMs, cause: null, fix: null, certExpiresAt, certExpiring };
}

/** "just now", "3 min ago", "2 h ago", "4 days ago". */
export function ago(from: Date | string, now: Date = new Date()) {
  const seconds = Math.max(0, Math.round((now.getTime() - new Date(from).getTime()) / 1000));
  if (seconds < 60) return "just now";
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} days ago`;
}

/** 14:02 (UTC): the time an app stopped answering, as the badge says it. */
export function clock(at: Date | string) {
  return `${new Date(at).toISOString().slice(11, 16)} UTC`;
}

/** What the scheduled checks found, as the badge and the pages read it. */
export type LiveHealth = {
  lastCheckAt: string | null;
  lastStatus: string | null;
  lastCheckId: string | null;
  consecutiveFailures: number;
  failingSince: string | null;
  failingCheckId: string | null;
  failingCause: string | null;
};

export type HealthVerdict =
  | { state: "LIVE"; reason: string }
  | { state: "ACTION_REQUIRED"; reason: string; checkId: string | null }
  | { state: "BLOCKED"; reason: string; checkId: string | null };

/** Two failed checks in a row: BLOCKED with what was seen; a warning check: ACTION REQUIRED; otherwise LIVE, with when it was last checked. */
export function healthVerdict(health: LiveHealth | null, now: Date = new Date()): HealthVerdict {
  if (!health?.lastCheckAt) return { state: "LIVE", reason: "Live and verified · not checked on schedule yet" };
  const checked = `checked ${ago(health.lastCheckAt, now)}`;
  if (health.consecutiveFailures >= FAILURES_TO_BLOCK && health.failingSince) {
    return {
      state: "BLOCKED",
      reason: `Your app stopped answering at ${clock(health.failingSince)}: ${health.failingCause ?? "the checks failed"} (${checked})`,
      checkId: health.failingCheckId,
    };
  }
  if (health.lastStatus === "warn")
    return { state: "ACTION_REQUIRED", reason: `${health.failingCause ?? "A check needs attention"} (${checked})`, checkId: health.lastCheckId };
  if (health.consecutiveFailures === 1) return { state: "LIVE", reason: `Live · the last check failed, checking again (${checked})` };
  return { state: "LIVE", reason: `Live and verified · ${checked}` };
}
