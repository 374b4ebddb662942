import type { AuditAction } from "~/audit/audit.server";
import { audit } from "~/audit/audit.server";
import { db } from "~/db/client.server";
import type { Prisma } from "~/generated/prisma/client";
import { getLogger } from "~/logger.server";
import type { TenantContext } from "~/tenancy/context.server";
import { overallStatus, type CheckResult } from "./checks";

export type RunKind = "preflight" | "verify";

/** Stores a finished pre-flight or verification run and audits its outcome in one transaction. */
export async function recordRun(
  ctx: Pick<TenantContext, "tenant" | "user" | "origin">,
  input: { kind: RunKind; deployConfigId: string; configRevision: number; checks: CheckResult[]; startedAt: Date; actions: { passed: AuditAction; failed: AuditAction } },
) {
  const status = overallStatus(input.checks);
  const failed = input.checks.filter((check) => check.status === "fail");
  const finishedAt = new Date();
  return db().$transaction(async (tx) => {
    const run = await tx.deployRun.create({
      data: {
        tenantId: ctx.tenant.id,
        deployConfigId: input.deployConfigId,
        kind: input.kind,
        configRevision: input.configRevision,
        status,
        resultsJson: { checks: input.checks } as unknown as Prisma.InputJsonValue,
        errorText: failed.length ? `Failed: ${failed.map((check) => check.title).join("; ")}` : null,
        actorUserId: ctx.user.id,
        startedAt: input.startedAt,
        finishedAt,
      },
      select: { id: true, kind: true, status: true, configRevision: true, startedAt: true, finishedAt: true },
    });
    await audit(
      ctx,
      status === "passed" ? input.actions.passed : input.actions.failed,
      { runId: run.id, revision: input.configRevision, failed: failed.map((check) => check.id), warnings: input.checks.filter((c) => c.status === "warn").map((c) => c.id) },
      tx,
    );
    return { ...run, checks: input.checks, durationMs: finishedAt.getTime() - input.startedAt.getTime() };
  });
}

export async function listRuns(tenantId: string, options: { kind?: RunKind; take?: number } = {}) {
  const runs = await db().deployRun.findMany({
    where: { tenantId, ...(options.kind ? { kind: options.kind } : {}) },
    orderBy: { startedAt: "desc" },
    take: Math.min(Math.max(options.take ?? 20, 1), 100),
    select: { id: true, kind: true, status: true, configRevision: true, resultsJson: true, errorText: true, startedAt: true, finishedAt: true },
  });
  return runs.map(({ resultsJson, ...run }) => ({ ...run, checks: ((resultsJson as { checks?: CheckResult[] }).checks ?? []) as CheckResult[] }));
}

/** Times one check and turns an unexpected exception into a failed check instead of a 500. */
export async function timedCheck(id: string, title: string, run: () => Promise<Omit<CheckResult, "id" | "title" | "timingMs">>): Promise<CheckResult> {
  const started = performance.now();
  try {
    const result = await run();
    return { id, title, ...result, timingMs: Math.round(performance.now() - started) };
  } catch (error) {
    getLogger().error({ err: error, check: id }, "check crashed");
    return {
      id,
      title,
      status: "fail",
      detail: "This check could not run because of an error on our side.",
      fix: { text: "Run the check again; if it keeps failing, contact the platform operator.", href: "/dashboard/deploy/preflight" },
      timingMs: Math.round(performance.now() - started),
    };
  }
}
