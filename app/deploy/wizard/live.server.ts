import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import { DomainError } from "~/domain-error";
import type { TenantContext } from "~/tenancy/context.server";
import { configFacts, enabledModules, latestRuns, loadDeployConfig } from "~/deploy/config/deploy-config.server";
import { deployProgress } from "./state";
import { stepById } from "./steps";
import { scheduleWorkspace } from "~/deploy/monitor/scheduler.server";

/**
 * Step H / POST /api/deploy/live. Refuses unless the latest pre-flight and the latest verification
 * both passed for the current configuration revision. The row is locked, so concurrent requests
 * give one transition and one TENANT_MARKED_LIVE audit row; later ones answer "already live".
 */
export async function goLive(ctx: Pick<TenantContext, "tenant" | "user" | "origin">): Promise<{ alreadyLive: boolean; liveAt: Date }> {
  const result = await markLive(ctx);
  // From now on the app is checked on schedule (app/deploy/monitor/).
  if (!result.alreadyLive) await scheduleWorkspace(ctx.tenant.id);
  return result;
}

async function markLive(ctx: Pick<TenantContext, "tenant" | "user" | "origin">): Promise<{ alreadyLive: boolean; liveAt: Date }> {
  return db().$transaction(async (tx) => {
    await loadDeployConfig(ctx.tenant.id, tx);
    await tx.$executeRaw`SELECT 1 FROM "DeployConfig" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`;
    const config = await loadDeployConfig(ctx.tenant.id, tx);
    const latest = await latestRuns(ctx.tenant.id, tx);
    // The same rule as the wizard's progress: a run counts only when it passed for this revision.
    const { done } = deployProgress(configFacts(config, await enabledModules(ctx.tenant.id, tx)), latest);
    if (!done.preflight) {
      throw new DomainError("preflight_required", "The latest pre-flight did not pass for the current configuration.", {
        fix: { text: "Run pre-flight and fix what it reports.", href: stepById("preflight").path },
      });
    }
    if (!done.verify) {
      throw new DomainError("verification_required", "The latest verification did not pass for the current configuration.", {
        fix: { text: "Verify the live URL.", href: stepById("verify").path },
      });
    }
    if (config.status === "live" && config.liveAt) return { alreadyLive: true, liveAt: config.liveAt };
    const liveAt = new Date();
    await tx.deployConfig.update({ where: { tenantId: ctx.tenant.id }, data: { status: "live", liveAt, liveByUserId: ctx.user.id } });
    await audit(ctx, "TENANT_MARKED_LIVE", { revision: config.revision, preflightRunId: latest.preflight!.id, verifyRunId: latest.verify!.id }, tx);
    return { alreadyLive: false, liveAt };
  });
}
