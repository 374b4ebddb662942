import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { setReadCacheEnabled } from "~/db/read-cache.server";
import { deployState, loadDeployConfig } from "~/deploy/config/deploy-config.server";
import { setModuleEnabled } from "~/workspace/modules.server";
import { contextFor, createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";
import { configureDeploy, ensurePassingRuns } from "../security/helpers/fixtures";

/**
 * Every wizard page reads the deploy state through hand-written SQL (named statements on
 * PostgreSQL). It must answer exactly what Prisma's own read of the same row answers: every column,
 * the same types (dates as instants, enums as their names, JSON as objects), whatever is stored.
 */
describe.each(DATABASE_KINDS)("the deploy state's statement on %s", (kind) => {
  useTestDatabase(kind);

  it("returns the configuration row exactly as Prisma reads it, with the enabled modules", async () => {
    const tenant = await createTenant();
    const owner = contextFor(tenant, await createMember(tenant.id, "OWNER"), "OWNER");
    await configureDeploy(owner, { appUrl: "https://state.example.com", databaseUrl: "postgresql://app:pw-123456@db.example.com:5432/app" });
    await setModuleEnabled(owner, "payments", true);
    await setModuleEnabled(owner, "ai", true);
    await ensurePassingRuns(owner);
    await db().deployConfig.update({
      where: { tenantId: tenant.id },
      data: { status: "live", liveAt: new Date("2026-12-05T01:02:03.456Z"), liveByUserId: owner.user.id },
    });
    setReadCacheEnabled(false); // a read from the database, not from memory
    const state = await deployState(tenant.id);
    const viaPrisma = await loadDeployConfig(tenant.id);
    expect(state.row).toEqual(viaPrisma);
    expect(Object.keys(state.row).sort()).toEqual(Object.keys(viaPrisma).sort());
    expect(state.row.liveAt).toEqual(new Date("2026-12-05T01:02:03.456Z"));
    expect([...state.modules].sort()).toEqual(["ai", "payments"]);
    expect(state.latest.preflight?.status).toBe("passed");
    expect(state.latest.verify?.status).toBe("passed");
  });
});
