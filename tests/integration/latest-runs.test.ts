import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { latestRuns, loadDeployConfig } from "~/deploy/config/deploy-config.server";
import { listRuns } from "~/deploy/checks/runs.server";
import { createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

/**
 * The latest run of each kind is read on every dashboard and wizard page. It must not depend on how
 * many runs the workspace has: one index probe per kind, never a read and sort of them all.
 */
describe.each(DATABASE_KINDS)("latest runs on %s", (kind) => {
  useTestDatabase(kind);

  async function seedRuns(tenantId: string, count: number) {
    const config = await loadDeployConfig(tenantId);
    // Runs spread over time, both kinds, in one statement (factories writing rows directly).
    await db().$executeRaw`
      INSERT INTO "DeployRun" ("id", "tenantId", "deployConfigId", "kind", "configRevision", "status", "resultsJson", "startedAt", "finishedAt")
      SELECT 'run-' || ${tenantId} || '-' || n, ${tenantId}, ${config.id},
             (CASE WHEN n % 2 = 0 THEN 'preflight' ELSE 'verify' END)::"DeployRunKind", 1,
             (CASE WHEN n % 3 = 0 THEN 'passed' ELSE 'failed' END)::"DeployRunStatus", '{"checks":[]}'::jsonb,
             timestamp '2026-01-01' + n * interval '1 minute', timestamp '2026-01-01' + n * interval '1 minute' + interval '5 seconds'
      FROM generate_series(1, ${count}::int) AS n`;
    return config;
  }

  it("returns the newest of each kind, ties broken by id, among thousands of runs", async () => {
    const tenant = await createTenant();
    const other = await createTenant();
    const config = await seedRuns(tenant.id, 4000);
    await seedRuns(other.id, 50);
    // Two verifications that finished in the same millisecond, after everything else: the larger id wins.
    const last = new Date("2027-01-01T00:00:00.000Z");
    for (const id of ["tie-a", "tie-b"]) {
      await db().deployRun.create({
        data: {
          id,
          tenantId: tenant.id,
          deployConfigId: config.id,
          kind: "verify",
          configRevision: 2,
          status: "passed",
          resultsJson: { checks: [] },
          startedAt: last,
          finishedAt: last,
        },
      });
    }
    const latest = await latestRuns(tenant.id);
    expect(latest.preflight).toMatchObject({ id: `run-${tenant.id}-4000`, status: "failed" });
    expect(latest.verify).toMatchObject({ id: "tie-b", status: "passed", configRevision: 2 });
    expect((await latestRuns(other.id)).verify?.id).toBe(`run-${other.id}-49`);
    expect(await latestRuns((await createTenant()).id)).toEqual({ preflight: null, verify: null });
  });

  // The statement below is latestRuns' own (app/deploy/config/deploy-config.server.ts), explained.
  it("reads them through the index with LIMIT 1 per kind, not a sort of every run", async () => {
    const tenant = await createTenant();
    await seedRuns(tenant.id, 4000);
    await db().$executeRawUnsafe(`ANALYZE "DeployRun"`);
    const plan = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT run."id" FROM unnest(ARRAY['preflight', 'verify']::"DeployRunKind"[]) AS wanted("kind")
       CROSS JOIN LATERAL (SELECT "id" FROM "DeployRun" WHERE "tenantId" = $1 AND "kind" = wanted."kind" ORDER BY "finishedAt" DESC, "id" DESC LIMIT 1) AS run`,
      tenant.id,
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("DeployRun_tenantId_kind_finishedAt_id_idx");
    expect(text).not.toMatch(/\bSort\b/);
  });

  // GET /api/deploy/runs without a kind: the newest runs of every kind, from the index on
  // (tenantId, startedAt DESC), never a sort of the workspace's whole history.
  it("lists the newest runs of every kind through the index, not a sort of every run", async () => {
    const tenant = await createTenant();
    await seedRuns(tenant.id, 4000);
    const runs = await listRuns(tenant.id, { take: 3 });
    expect(runs.map((run) => run.id)).toEqual([4000, 3999, 3998].map((n) => `run-${tenant.id}-${n}`));
    await db().$executeRawUnsafe(`ANALYZE "DeployRun"`);
    const plan = await db().$queryRawUnsafe<{ "QUERY PLAN": string }[]>(
      `EXPLAIN SELECT "id" FROM "DeployRun" WHERE "tenantId" = $1 ORDER BY "startedAt" DESC LIMIT 20`,
      tenant.id,
    );
    const text = plan.map((row) => row["QUERY PLAN"]).join("\n");
    expect(text).toContain("DeployRun_tenantId_startedAt_idx");
    expect(text).not.toMatch(/\bSort\b/);
  });
});
