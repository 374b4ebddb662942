import { redirect } from "@remix-run/node";
import { hitRateLimit, type RateLimitRule } from "~/auth/rate-limit.server";
import { apiError } from "~/http/api.server";
import type { TenantContext } from "~/tenancy/context.server";
import { deployState, deployStateFor } from "~/deploy/config/deploy-config.server";
import { blockingStep } from "./state";
import { stepById, type WizardStepId } from "./steps";

/** Every step's loader and action start here: a step that depends on an unfinished one sends the
 * person (or answers the script) to the earliest unfinished step, whether reached by link, URL or curl. */
export async function requireStepPage(request: Request, ctx: TenantContext, step: WizardStepId) {
  const state = await deployStateFor(request, ctx.tenant.id);
  const blocking = blockingStep(step, state.progress);
  if (blocking) throw redirect(stepById(blocking).path);
  return state;
}

export async function requireStepApi(ctx: TenantContext, step: WizardStepId) {
  const state = await deployState(ctx.tenant.id);
  const blocking = blockingStep(step, state.progress);
  if (blocking) {
    const target = stepById(blocking);
    throw apiError(409, "step_not_ready", `Finish step ${target.letter} (${target.title}) first.`, { fix: { text: `Complete ${target.title}.`, href: target.path } });
  }
  return state;
}

/**
 * Rate limits on generate, pre-flight and verify, shared by every instance: `rule` counts for each
 * person in each workspace; `workspaceRule`, when given, for everyone in the workspace together
 * (pre-flight and verify call servers the tenant names, so adding admins must not add calls). A
 * person over their own limit is refused without using up the workspace's.
 */
export async function enforceRateLimit(ctx: TenantContext, rule: RateLimitRule, face: "page" | "api", workspaceRule?: RateLimitRule) {
  const person = await hitRateLimit(rule, `${ctx.tenant.id}:${ctx.user.id}`);
  if (!person.allowed) throw rateLimited(face, person.retryAfterSeconds, "Too many attempts.");
  if (!workspaceRule) return;
  const workspace = await hitRateLimit(workspaceRule, ctx.tenant.id);
  if (!workspace.allowed) throw rateLimited(face, workspace.retryAfterSeconds, "Too many attempts from this workspace (its people share one limit).");
}

function rateLimited(face: "page" | "api", retryAfterSeconds: number, reason: string) {
  const message = `${reason} Try again in ${Math.ceil(retryAfterSeconds / 60)} minutes.`;
  const headers = { "Retry-After": String(retryAfterSeconds) };
  return face === "api" ? apiError(429, "rate_limited", message, { headers }) : new Response(message, { status: 429, headers });
}
