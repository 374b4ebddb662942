import { describe, expect, it } from "vitest";
import { db } from "~/db/client.server";
import { useTestDatabase } from "../helpers/db";

/** The embedded database runs on the server's thread: queued statements must leave the event loop
 * turns in between (otherwise fifty requests' statements run as one long stall and /health waits). */
describe("embedded database", () => {
  useTestDatabase("pglite");

  it("gives the event loop a turn between queued statements and keeps their order", async () => {
    const completed: number[] = [];
    const statements = Array.from({ length: 20 }, (_, i) => db().$queryRaw`SELECT ${i}::int AS n`.then(() => completed.push(i)));
    let completedWhenOthersRan = -1;
    void statements[0]!.then(() => setImmediate(() => (completedWhenOthersRan = completed.length)));
    await Promise.all(statements);
    expect(completed).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(completedWhenOthersRan).toBeGreaterThan(0);
    expect(completedWhenOthersRan).toBeLessThan(5);
  });

  it("gives turns inside a transaction too, and commits or rolls back as before", async () => {
    let turnsTaken = 0;
    const ticker = setInterval(() => turnsTaken++, 0);
    await db().$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) await tx.$queryRaw`SELECT ${i}::int AS n`;
    });
    clearInterval(ticker);
    expect(turnsTaken).toBeGreaterThan(0);
    await expect(
      db().$transaction(async (tx) => {
        await tx.$executeRaw`CREATE TABLE turn_probe (n int)`;
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    const exists = await db().$queryRaw<{ exists: boolean }[]>`SELECT to_regclass('turn_probe') IS NOT NULL AS exists`;
    expect(exists[0]?.exists).toBe(false);
  });
});
