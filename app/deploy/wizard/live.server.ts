import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import type { TenantContext } from "~/tenancy/context.server";
import { latestRuns, loadDeployConfig } from "~/deploy/config/deploy-config.server";
import { stepById } from "./steps";

export type GoLiveResult =
  | { ok: true; alreadyLive: boolean; liveAt: Date }
  | { ok: false; code: "preflight_required" | "verification_required"; message: string; fix: { text: string; href: string } };

/**
 * Step H / POST /api/deploy/live. Refuses unless the latest pre-flight and the latest verification
 * both passed for the current configuration revision. The row is locked, so concurrent requests
 * give one transition and one TENANT_MARKED_LIVE audit row; later ones answer "already live".
 */
export async function goLive(ctx: Pick<TenantContext, "tenant" | "user" | "origin">): Promise<GoLiveResult> {
  return db().$transaction(async (tx) => {
    await loadDeployConfig(ctx.tenant.id, tx);
    await tx.$executeRaw`SELECT 1 FROM "DeployConfig" WHERE "tenantId" = ${ctx.tenant.id} FOR UPDATE`;
    const config = await tx.deployConfig.findUniqueOrThrow({ where: { tenantId: ctx.tenant.id }, select: { status: true, revision: true, liveAt: true } });
    const latest = await latestRuns(ctx.tenant.id, tx);
    const current = (run: (typeof latest)["preflight"]) => run !== null && run.configRevision === config.revision && run.status === "passed";
    if (!current(latest.preflight)) {
      return { ok: false, code: "preflight_required", message: "The latest pre-flight did not pass for the current configuration.", fix: { text: "Run pre-flight and fix what it reports.", href: stepById("preflight").path } };
    }
    if (!current(latest.verify)) {
      return { ok: false, code: "verification_required", message: "The latest verification did not pass for the current configuration.", fix: { text: "Verify the live URL.", href: stepById("verify").path } };
    }
    if (config.status === "live" && config.liveAt) return { ok: true, alreadyLive: true, liveAt: config.liveAt };
    const liveAt = new Date();
    await tx.deployConfig.update({ where: { tenantId: ctx.tenant.id }, data: { status: "live", liveAt, liveByUserId: ctx.user.id } });
    await audit(ctx, "TENANT_MARKED_LIVE", { revision: config.revision, preflightRunId: latest.preflight!.id, verifyRunId: latest.verify!.id }, tx);
    return { ok: true, alreadyLive: false, liveAt };
  });
}
