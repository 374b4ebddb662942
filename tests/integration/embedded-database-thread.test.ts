import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { startPgliteThread } from "~/db/pglite-thread.server";
import { useTestDatabase } from "../helpers/db";

/** The embedded database runs on a worker thread (app/db/pglite-worker.mjs): the server's event loop
 * must stay free while a statement runs, and Prisma must see the same results and errors as before. */
describe("embedded database thread", () => {
  useTestDatabase("pglite");

  it("keeps the event loop free while a long statement runs", async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const started = performance.now();
    const [row] = await db().$queryRaw<{ total: bigint }[]>`SELECT sum(n)::bigint AS total FROM generate_series(1, 2000000) AS n`;
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(row?.total).toBe(2000001000000n);
    // On the server's thread the timer could not fire at all until the statement ended.
    expect(elapsed).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(elapsed / 20);
  });

  it("answers concurrent statements in order and with their own values", async () => {
    const values = await Promise.all(Array.from({ length: 20 }, (_, i) => db().$queryRaw<{ n: number }[]>`SELECT ${i}::int AS n`.then((rows) => rows[0]?.n)));
    expect(values).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it("commits and rolls back interactive transactions", async () => {
    await db().$transaction(async (tx) => {
      await tx.$executeRaw`CREATE TABLE thread_probe (n int PRIMARY KEY)`;
      await tx.$executeRaw`INSERT INTO thread_probe VALUES (1)`;
    });
    await expect(
      db().$transaction(async (tx) => {
        await tx.$executeRaw`INSERT INTO thread_probe VALUES (2)`;
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const rows = await db().$queryRaw<{ n: number }[]>`SELECT n FROM thread_probe ORDER BY n`;
    expect(rows.map((row) => row.n)).toEqual([1]);
  });

  it("hands database errors to Prisma as the adapter's own error class, with the PostgreSQL code", async () => {
    const tenant = await db().tenant.create({ data: { name: "Thread Probe", slug: "thread-probe" } });
    const duplicate = await db()
      .tenant.create({ data: { name: "Thread Probe 2", slug: tenant.slug } })
      .catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(Error);
    expect(duplicate).toMatchObject({ name: "DriverAdapterError", cause: { kind: "postgres", code: "23505" } });
    expect((duplicate as Error).message).toContain("Tenant_slug_key");
  });

  it("rejects calls after the thread is closed instead of leaving them waiting", async () => {
    const thread = await startPgliteThread("memory://");
    expect(await thread.runner.query("SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await thread.close();
    await expect(thread.runner.query("SELECT 1 AS one")).rejects.toThrow(/embedded database stopped/);
  });
});

describe("embedded database thread that stops on its own", () => {
  it("tells its owner once and fails every waiting and later call", async () => {
    const stops: Error[] = [];
    const thread = await startPgliteThread("memory://", { onUnexpectedStop: (error) => stops.push(error) });
    const waiting = thread.runner.query("SELECT sum(n) FROM generate_series(1, 3000000) AS n");
    await thread.worker.terminate();
    await expect(waiting).rejects.toThrow(/embedded database stopped/);
    await expect(thread.runner.query("SELECT 1")).rejects.toThrow(/embedded database stopped/);
    expect(stops).toHaveLength(1);
    await thread.close();
    expect(stops).toHaveLength(1);
  });

  it("does not call it a loss when the thread is closed on purpose", async () => {
    const stops: Error[] = [];
    const thread = await startPgliteThread("memory://", { onUnexpectedStop: (error) => stops.push(error) });
    await thread.close();
    expect(stops).toHaveLength(0);
  });
});
