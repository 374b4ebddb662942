import { PGlite } from "@electric-sql/pglite";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { oneTripClient, textParameter } from "./pglite-one-trip.mjs";

describe("textParameter", () => {
  it("writes the values Prisma sends as PostgreSQL reads them, whatever type it infers", () => {
    expect(textParameter("2026-11-27T10:00:00.000Z")).toBe("2026-11-27T10:00:00.000Z");
    expect(textParameter(42)).toBe("42");
    expect(textParameter(-1.5)).toBe("-1.5");
    expect(textParameter(Number.POSITIVE_INFINITY)).toBe("Infinity");
    expect(textParameter(Number.NaN)).toBe("NaN");
    expect(textParameter(9007199254740993n)).toBe("9007199254740993");
    expect(textParameter(true)).toBe("true");
    expect(textParameter(false)).toBe("false");
    expect(textParameter(null)).toBeNull();
    expect(textParameter(undefined)).toBeNull();
  });

  it("declines values whose text depends on the column type", () => {
    expect(textParameter(new Uint8Array([1, 2]))).toBeUndefined();
    expect(textParameter(new Date(0))).toBeUndefined();
    expect(textParameter(["a"])).toBeUndefined();
    expect(textParameter({ a: 1 })).toBeUndefined();
  });
});

describe("oneTripClient against PGlite", () => {
  let pglite: PGlite;
  let client: ReturnType<typeof oneTripClient>;
  const asArrays = { rowMode: "array" as const };

  beforeAll(async () => {
    pglite = new PGlite();
    await pglite.exec(`
      CREATE TABLE item (
        id text PRIMARY KEY, n integer NOT NULL, big bigint, flag boolean NOT NULL DEFAULT false,
        at timestamp(3), data jsonb, raw bytea, price numeric(10,2)
      );`);
    client = oneTripClient(pglite);
  });
  afterAll(() => pglite.close());

  it("returns what PGlite's own query() returns, for every kind of value Prisma sends", async () => {
    const insert = `INSERT INTO item (id, n, big, flag, at, data, price) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id, n, big, flag, at, data, price`;
    const one = ["a", 1, "9007199254740993", true, "2026-11-27T10:00:00.123Z", '{"k":[1,"two"]}', "12.50"];
    const two = ["b", 2, "5", false, "2026-11-27T11:00:00.000Z", "null", "0.10"];
    const fast = await client.query(insert, one, asArrays);
    const slow = await pglite.query(insert, two, asArrays);
    expect(fast.fields).toEqual(slow.fields);
    expect(fast.rows).toEqual([["a", 1, 9007199254740993n, true, new Date("2026-11-27T10:00:00.123Z"), { k: [1, "two"] }, "12.50"]]);

    const select = `SELECT id, n, flag FROM item WHERE flag = $1 OR n > $2 ORDER BY id`;
    expect(await client.query(select, [true, 1], asArrays)).toEqual(await pglite.query(select, [true, 1], asArrays));
    expect((await client.query(`SELECT id FROM item WHERE big IS NOT DISTINCT FROM $1`, [null])).rows).toEqual([]);
  });

  it("reports affected rows, and objects when rows are not asked for as arrays", async () => {
    const updated = await client.query(`UPDATE item SET n = n + $1 WHERE id IN ($2, $3)`, [10, "a", "b"]);
    expect(updated.affectedRows).toBe(2);
    const rows = await client.query(`SELECT id, n FROM item ORDER BY id`);
    expect(rows.rows).toEqual([
      { id: "a", n: 11 },
      { id: "b", n: 12 },
    ]);
  });

  it("applies the caller's parsers over PGlite's", async () => {
    const result = await client.query(`SELECT n FROM item WHERE id = $1`, ["a"], { rowMode: "array", parsers: { 23: (value: string) => `int:${value}` } });
    expect(result.rows).toEqual([["int:11"]]);
  });

  it("makes one call into the database per statement, where query() makes six", async () => {
    const calls = vi.spyOn(pglite, "execProtocolRawSync");
    await client.query(`SELECT id FROM item WHERE id = $1`, ["a"]);
    expect(calls).toHaveBeenCalledTimes(1);
    calls.mockClear();
    await pglite.query(`SELECT id FROM item WHERE id = $1`, ["a"]);
    expect(calls).toHaveBeenCalledTimes(6);
    calls.mockRestore();
  });

  it("takes PGlite's own path for bytes and dates, with the same result", async () => {
    const calls = vi.spyOn(pglite, "execProtocolRawSync");
    await client.query(`UPDATE item SET raw = $1, at = $2 WHERE id = $3`, [new Uint8Array([0, 255]), new Date("2026-01-02T03:04:05.006Z"), "a"]);
    expect(calls.mock.calls.length).toBeGreaterThan(1);
    calls.mockRestore();
    const row = await client.query(`SELECT raw, at FROM item WHERE id = $1`, ["a"], asArrays);
    expect(row.rows).toEqual([[new Uint8Array([0, 255]), new Date("2026-01-02T03:04:05.006Z")]]);
  });

  it("throws PostgreSQL's error with its code and leaves nothing half-written", async () => {
    const failing = client.query(`INSERT INTO item (id, n) VALUES ($1, $2), ($3, $4)`, ["c", 3, "a", 4]);
    await expect(failing).rejects.toMatchObject({ code: "23505" });
    expect((await client.query(`SELECT id FROM item WHERE id = $1`, ["c"])).rows).toEqual([]);
    // The next statement is unaffected by the failed one.
    expect((await client.query(`SELECT count(*)::int AS n FROM item`)).rows).toEqual([{ n: 2 }]);
  });

  it("runs statements inside a transaction, which commits or rolls back as a whole", async () => {
    await client.transaction(async (tx) => {
      await tx.query(`INSERT INTO item (id, n) VALUES ($1, $2)`, ["t1", 1]);
      expect((await tx.query(`SELECT id FROM item WHERE id = $1`, ["t1"])).rows).toEqual([{ id: "t1" }]);
    });
    expect((await client.query(`SELECT id FROM item WHERE id = $1`, ["t1"])).rows).toEqual([{ id: "t1" }]);

    await client.transaction(async (tx) => {
      await tx.query(`INSERT INTO item (id, n) VALUES ($1, $2)`, ["t2", 2]);
      await tx.rollback();
    });
    expect((await client.query(`SELECT id FROM item WHERE id = $1`, ["t2"])).rows).toEqual([]);
  });

  it("says the database is closed, like PGlite, once it is", async () => {
    const closing = new PGlite();
    const closedClient = oneTripClient(closing);
    expect((await closedClient.query(`SELECT $1::int AS n`, [1])).rows).toEqual([{ n: 1 }]);
    await closing.close();
    await expect(closedClient.query(`SELECT $1::int AS n`, [1])).rejects.toThrow("PGlite is closed");
  });

  it("holds a statement from outside until an open transaction ends", async () => {
    const order: string[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const transaction = client.transaction(async (tx) => {
      await tx.query(`INSERT INTO item (id, n) VALUES ($1, $2)`, ["t3", 3]);
      order.push("inserted in transaction");
      await held;
      order.push("transaction ends");
    });
    await vi.waitFor(() => expect(order).toEqual(["inserted in transaction"]));
    const outside = client.query(`SELECT id FROM item WHERE id = $1`, ["t3"]).then((result) => {
      order.push("outside statement answered");
      return result.rows;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(order).toEqual(["inserted in transaction"]);
    release();
    await transaction;
    expect(await outside).toEqual([{ id: "t3" }]);
    expect(order).toEqual(["inserted in transaction", "transaction ends", "outside statement answered"]);
  });
});
