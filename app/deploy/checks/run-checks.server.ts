import { RATE_LIMITS } from "~/auth/rate-limit.server";
import type { DeployState } from "~/deploy/config/deploy-config.server";
import { enforceRateLimit, requireStep } from "~/deploy/wizard/guard.server";
import type { TenantContext } from "~/tenancy/context.server";
import { runPreflight } from "./preflight.server";
import { runVerification } from "./verify.server";
import { clearVerifying, markVerifying, noteVerifyAttempt } from "~/deploy/monitor/progress.server";
import { getLogger } from "~/logger.server";

export type CheckKind = "preflight" | "verify";

// Pre-flight and verification call servers the tenant names: each person has a limit, and the
// workspace has one shared by all its people, so adding admins does not add calls.
const LIMITS = {
  preflight: [RATE_LIMITS.preflight, RATE_LIMITS.preflightWorkspace],
  verify: [RATE_LIMITS.verify, RATE_LIMITS.verifyWorkspace],
} as const;

/** Steps F and G on behalf of a person, for the pages and the API alike: the step guard, the limits, then the run (stored and audited). */
export async function runChecks(ctx: TenantContext, kind: CheckKind, state: DeployState) {
  requireStep(state.progress, kind);
  const [personal, workspace] = LIMITS[kind];
  await enforceRateLimit(ctx, personal, workspace);
  return kind === "preflight" ? runPreflight(ctx, { state }) : runVerification(ctx, { state });
}

/**
 * Step G's page: the same run as runChecks, but the page does not wait more than `waitMs` for it. A
 * live URL that does not answer is called again for up to LIVE_WAKE_SECONDS (a sleeping free plan);
 * past `waitMs` the page answers at once and shows the run's progress (it refreshes itself with
 * JavaScript off, and polls with it on) until the run is stored.
 */
export async function verifyWithProgress(ctx: TenantContext, state: DeployState, waitMs = 8000): Promise<"done" | "running"> {
  requireStep(state.progress, "verify");
  const [personal, workspace] = LIMITS.verify;
  await enforceRateLimit(ctx, personal, workspace);
  const tenantId = ctx.tenant.id;
  await markVerifying(tenantId);
  const run = runVerification(ctx, {
    state,
    onAttempt: (attempt) => {
      if (attempt > 1) void noteVerifyAttempt(tenantId, attempt).catch(() => undefined);
    },
  }).finally(() => clearVerifying(tenantId).catch(() => undefined));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const finished = await Promise.race([
    run.then(
      () => true,
      () => true,
    ),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
  ]);
  clearTimeout(timer);
  if (finished) {
    await run;
    return "done";
  }
  run.catch((error: unknown) => getLogger().error({ err: error, tenantId }, "a verification still running after its page answered failed"));
  return "running";
}
