import { BADGE_LABELS, type DeployBadgeData } from "./badge";
import type { CheckResult } from "~/deploy/checks/check-result";
import { WIZARD_STEPS, type WizardStepId } from "./steps";

/**
 * Pure derivation of the wizard's progress and the header badge from the stored configuration and
 * the latest runs. Runs carry the configuration revision they ran against: a run for an older
 * revision is stale and proves nothing about the current configuration.
 */
export type ConfigFacts = {
  status: "draft" | "configured" | "live";
  revision: number;
  provider: string | null;
  appUrl: string | null;
  hasDatabaseUrl: boolean;
  hasSecrets: boolean;
  missingModuleKeys: string[];
};

export type RunFacts = { id: string; status: "passed" | "failed"; configRevision: number; checks: CheckResult[]; finishedAt: string };

export type DeployProgress = {
  done: Record<WizardStepId, boolean>;
  stale: { preflight: boolean; verify: boolean };
  firstIncomplete: WizardStepId | null;
  setupComplete: boolean;
};

export function deployProgress(config: ConfigFacts, latest: { preflight: RunFacts | null; verify: RunFacts | null }): DeployProgress {
  const current = (run: RunFacts | null) => run !== null && run.configRevision === config.revision;
  const done: Record<WizardStepId, boolean> = {
    provider: config.provider !== null,
    url: config.appUrl !== null,
    database: config.hasDatabaseUrl,
    secrets: config.hasSecrets,
    keys: config.hasSecrets && config.missingModuleKeys.length === 0,
    preflight: current(latest.preflight) && latest.preflight!.status === "passed",
    verify: current(latest.verify) && latest.verify!.status === "passed",
    live: config.status === "live",
  };
  const firstIncomplete = WIZARD_STEPS.find((step) => !done[step.id])?.id ?? null;
  return {
    done,
    stale: { preflight: latest.preflight !== null && !current(latest.preflight), verify: latest.verify !== null && !current(latest.verify) },
    firstIncomplete,
    setupComplete: done.provider && done.url && done.database && done.secrets,
  };
}

/** Steps a person must have finished before a step can be opened or submitted. */
const PREREQUISITES: Record<WizardStepId, WizardStepId[]> = {
  provider: [],
  url: ["provider"],
  database: ["provider", "url"],
  secrets: ["provider", "url", "database"],
  keys: ["provider", "url", "database", "secrets"],
  preflight: ["provider", "url", "database", "secrets"],
  verify: ["provider", "url", "database", "secrets", "preflight"],
  live: ["provider", "url", "database", "secrets", "preflight", "verify"],
};

/** The earliest unfinished step that `step` depends on, or null when `step` may be used. */
export function blockingStep(step: WizardStepId, progress: Pick<DeployProgress, "done">): WizardStepId | null {
  return PREREQUISITES[step].find((id) => !progress.done[id]) ?? null;
}

const stepPath = (id: WizardStepId) => WIZARD_STEPS.find((step) => step.id === id)!.path;

function firstFailure(run: RunFacts) {
  return run.checks.find((check) => check.status === "fail") ?? null;
}

/** The dashboard badge: LIVE / ACTION REQUIRED / BLOCKED, always with a link to what needs attention. */
export function deployBadgeFor(config: ConfigFacts, latest: { preflight: RunFacts | null; verify: RunFacts | null }, canManage: boolean): DeployBadgeData {
  const progress = deployProgress(config, latest);
  const href = (path: string) => (canManage ? path : "/dashboard#deploy-status");
  const failedCurrent = (["preflight", "verify"] as const)
    .map((kind) => ({ kind, run: latest[kind] }))
    .filter(({ run }) => run && run.status === "failed" && run.configRevision === config.revision)
    .sort((a, b) => b.run!.finishedAt.localeCompare(a.run!.finishedAt))[0];
  if (failedCurrent) {
    const check = firstFailure(failedCurrent.run!);
    return {
      state: "BLOCKED",
      label: BADGE_LABELS.BLOCKED,
      reason: `${failedCurrent.kind === "preflight" ? "Pre-flight" : "Verification"} failed${check ? `: ${check.title}` : ""}`,
      href: href(`${stepPath(failedCurrent.kind)}${check ? `#check-${check.id}` : ""}`),
    };
  }
  if (config.status === "live" && progress.done.verify) {
    return { state: "LIVE", label: BADGE_LABELS.LIVE, reason: "Live and verified", href: href(stepPath("live")) };
  }
  const next = progress.firstIncomplete ?? "live";
  const reason =
    config.status === "live"
      ? "Live, but the configuration changed since it was verified: verify again"
      : progress.stale.preflight || progress.stale.verify
        ? "The configuration changed since the last check: run it again"
        : `Not live yet: next step is ${WIZARD_STEPS.find((step) => step.id === next)!.title}`;
  return { state: "ACTION_REQUIRED", label: BADGE_LABELS.ACTION_REQUIRED, reason, href: href(stepPath(next)) };
}
