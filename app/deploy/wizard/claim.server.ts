import { DomainError } from "~/domain-error";
import type { TenantContext } from "~/tenancy/context.server";
import type { DeployState } from "~/deploy/config/deploy-config.server";
import { issueClaimLink } from "~/deploy/checks/handover.server";

/**
 * The owner's claim link as step H and the API show it: the link (shown once, in the answer that
 * issued it), or the refusal in the error shape's words, never thrown (Go LIVE itself succeeded).
 */
export async function claimLinkAnswer(ctx: Pick<TenantContext, "tenant" | "user" | "origin" | "role">, state: DeployState) {
  try {
    return await issueClaimLink(ctx, state);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { error: { code: error.code, message: error.message, ...(error.fix ? { fix: error.fix } : {}) } };
  }
}
