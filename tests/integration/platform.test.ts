import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { readiness } from "~/workspace/readiness.server";
import { tenantStats } from "~/workspace/stats.server";
import { createMember, createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

describe.each(DATABASE_KINDS)("platform on %s", (kind) => {
  useTestDatabase(kind);

  it("applies every migration and reports ready", async () => {
    const report = await readiness();
    expect(report.httpStatus).toBe(200);
    expect(report.body.checks["database:migrations"]?.[0]?.status).toBe("pass");
  });

  it("counts a tenant's own figures only", async () => {
    const a = await createTenant({ setupDone: ["business-profile"] });
    const b = await createTenant();
    await createMember(a.id, "OWNER");
    await createMember(a.id, "VIEWER");
    await createMember(b.id, "OWNER");
    const stats = await tenantStats(a.id);
    expect(stats.members.total).toBe(2);
    expect(stats.setup.done).toBe(1);
    expect(await db().membership.count()).toBe(3);
  });
});
