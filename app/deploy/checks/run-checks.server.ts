import { RATE_LIMITS } from "~/auth/rate-limit.server";
import type { DeployState } from "~/deploy/config/deploy-config.server";
import { enforceRateLimit, requireStep } from "~/deploy/wizard/guard.server";
import type { TenantContext } from "~/tenancy/context.server";
import { runPreflight } from "./preflight.server";
import { runVerification } from "./verify.server";

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
