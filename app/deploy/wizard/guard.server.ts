import { hitRateLimit, type RateLimitRule } from "~/auth/rate-limit.server";
import { DomainError } from "~/domain-error";
import type { TenantContext } from "~/tenancy/context.server";
import { blockingStep, type DeployProgress } from "./state";
import { stepById, type WizardStepId } from "./steps";

/**
 * Every step's loader and action, page or API, start here: a step that depends on an unfinished one
 * is refused with the earliest unfinished step as the fix (a page then sends the person there; the
 * API answers 409 with the link), whether reached by link, URL or curl.
 */
export function requireStep(progress: Pick<DeployProgress, "done">, step: WizardStepId) {
  const blocking = blockingStep(step, progress);
  if (!blocking) return;
  const target = stepById(blocking);
  throw new DomainError("step_not_ready", `Finish step ${target.letter} (${target.title}) first.`, {
    fix: { text: `Complete ${target.title}.`, href: target.path },
  });
}

/**
 * Rate limits on generate, pre-flight and verify, shared by every instance: `rule` counts for each
 * person in each workspace; `workspaceRule`, when given, for everyone in the workspace together
 * (pre-flight and verify call servers the tenant names, so adding admins must not add calls). A
 * person over their own limit is refused without using up the workspace's.
 */
export async function enforceRateLimit(ctx: TenantContext, rule: RateLimitRule, workspaceRule?: RateLimitRule) {
  const person = await hitRateLimit(rule, `${ctx.tenant.id}:${ctx.user.id}`);
  if (!person.allowed) throw rateLimited(person.retryAfterSeconds, "Too many attempts.");
  if (!workspaceRule) return;
  const workspace = await hitRateLimit(workspaceRule, ctx.tenant.id);
  if (!workspace.allowed) throw rateLimited(workspace.retryAfterSeconds, "Too many attempts from this workspace (its people share one limit).");
}

function rateLimited(retryAfterSeconds: number, reason: string) {
  return new DomainError("rate_limited", `${reason} Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`, { retryAfterSeconds });
}
