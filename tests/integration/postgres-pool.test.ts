import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { DATABASE_KINDS, TEST_POSTGRES_ADMIN_URL, useTestDatabase } from "../helpers/db";

/**
 * The connections one instance keeps to PostgreSQL: the migration connection closes once the
 * migrations are applied, the pool holds at most DATABASE_POOL_SIZE (10 by default), and idle
 * connections stay long enough that the first page after a quiet moment does not open new ones.
 */
describe.runIf((DATABASE_KINDS as readonly string[]).includes("postgres"))("PostgreSQL connections", () => {
  const database = useTestDatabase("postgres");

  async function backends() {
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_ADMIN_URL });
    await admin.connect();
    try {
      const name = new URL(database.postgresUrl()).pathname.slice(1);
      const rows = await admin.query<{ application_name: string; count: string }>(
        "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = $1 GROUP BY application_name",
        [name],
      );
      return Object.fromEntries(rows.rows.map((row) => [row.application_name, Number(row.count)]));
    } finally {
      await admin.end();
    }
  }

  it("closes the migration connection, caps the pool and keeps idle connections past pg's 10 s default", async () => {
    await db().$queryRaw`SELECT 1`;
    expect((await backends())["go-live migrations"] ?? 0).toBe(0);

    await Promise.all(Array.from({ length: 30 }, () => db().$queryRaw`SELECT pg_sleep(0.1)::text`));
    const busy = await backends();
    expect(busy["go-live"]).toBeGreaterThan(1);
    expect(busy["go-live"]).toBeLessThanOrEqual(10);

    await new Promise((resolve) => setTimeout(resolve, 11_000));
    expect((await backends())["go-live"]).toBe(busy["go-live"]);
  }, 30_000);
});
