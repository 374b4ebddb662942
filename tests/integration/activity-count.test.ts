import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { tenantStats } from "~/workspace/stats.server";
import { createTenant, DATABASE_KINDS, useTestDatabase } from "../helpers/db";

/**
 * The dashboard's "Activity (7 days)" counts audit rows, which a busy workspace has by the tens of
 * thousands: the count stops at 999 ("999+"), so every dashboard costs what a quiet one's does.
 */
describe.each(DATABASE_KINDS)("the week's activity figure on %s", (kind) => {
  useTestDatabase(kind);

  async function seedEvents(tenantId: string, count: number) {
    await db().$executeRaw`
      INSERT INTO "AuditLog" ("id", "tenantId", "actorLabel", "action", "createdAt")
      SELECT 'evt-' || ${tenantId} || '-' || n, ${tenantId}, 'seed', 'test.event', now() - (n * interval '1 second')
      FROM generate_series(1, ${count}::int) AS n`;
  }

  it("counts exactly up to 999 and says 999+ beyond", async () => {
    const quiet = await createTenant();
    const busy = await createTenant();
    await seedEvents(quiet.id, 998);
    await seedEvents(busy.id, 5000);
    expect(await tenantStats(quiet.id)).toMatchObject({ auditEventsLast7Days: 998, auditEventsLast7DaysCapped: false });
    expect(await tenantStats(busy.id)).toMatchObject({ auditEventsLast7Days: 999, auditEventsLast7DaysCapped: true });
  });
});
