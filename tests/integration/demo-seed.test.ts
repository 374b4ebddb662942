import pg from "pg";
import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { seedDemo } from "~/workspace/demo-seed.server";
import { DATABASE_KINDS, useTestDatabase } from "../helpers/db";

/** The demo seed may run in several instances starting at once on one fresh database. */
describe.each(DATABASE_KINDS)("demo seed on %s", (kind) => {
  const database = useTestDatabase(kind);

  it("seeds once when started concurrently, and again is a no-op", async () => {
    await Promise.all([seedDemo(), seedDemo(), seedDemo()]);
    await seedDemo();
    expect(await db().tenant.count({ where: { slug: { in: ["acme", "northwind"] } } })).toBe(2);
    expect(await db().user.count({ where: { email: { endsWith: "@acme.test" } } })).toBe(4);
  });

  it.runIf(kind === "postgres")("a second instance seeding at the same moment waits for the first instead of failing", async () => {
    await db().tenant.deleteMany({ where: { slug: { in: ["acme", "northwind"] } } });
    await db().user.deleteMany({ where: { email: { endsWith: "@acme.test" } } });
    // Another connection holds the seed's lock, as another instance in the middle of seeding would.
    const other = new pg.Client({ connectionString: database.postgresUrl() });
    await other.connect();
    try {
      await other.query("BEGIN");
      await other.query("SELECT pg_advisory_xact_lock(hashtext('golive:demo-seed'))");
      let finished = false;
      const seeding = seedDemo().then(() => (finished = true));
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(finished).toBe(false);
      await other.query("COMMIT");
      await seeding;
      expect(finished).toBe(true);
    } finally {
      await other.end();
    }
  });
});
