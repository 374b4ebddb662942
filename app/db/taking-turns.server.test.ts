import { DriverAdapterError, type SqlDriverAdapter, type SqlDriverAdapterFactory, type SqlQuery } from "@prisma/driver-adapter-utils";
import { describe, expect, it } from "vitest";
import { takingTurns } from "./taking-turns.server";

const query: SqlQuery = { sql: "SELECT 1", args: [], argTypes: [] };
const resultSet = { columnNames: ["n"], columnTypes: [], rows: [[1]] };

/** An adapter that answers at once, as a batch of replies does: the wrapper is what is under test. */
function instantAdapter(calls: string[]): SqlDriverAdapterFactory {
  const adapter: SqlDriverAdapter = {
    provider: "postgres",
    adapterName: "instant",
    queryRaw: async () => (calls.push("queryRaw"), resultSet),
    executeRaw: async () => {
      calls.push("executeRaw");
      throw new DriverAdapterError({ kind: "postgres", code: "23505", severity: "ERROR", message: "duplicate key", detail: undefined, column: undefined, hint: undefined });
    },
    executeScript: async () => undefined,
    dispose: async () => undefined,
    startTransaction: async () => ({
      provider: "postgres",
      adapterName: "instant",
      options: { usePhantomQuery: true },
      queryRaw: async () => (calls.push("tx.queryRaw"), resultSet),
      executeRaw: async () => (calls.push("tx.executeRaw"), 3),
      commit: async () => void calls.push("commit"),
      rollback: async () => void calls.push("rollback"),
    }),
  };
  return { provider: "postgres", adapterName: "instant", connect: async () => adapter };
}

describe("takingTurns", () => {
  it("passes results, errors and transactions through unchanged", async () => {
    const calls: string[] = [];
    const adapter = await takingTurns(instantAdapter(calls)).connect();
    expect(adapter.adapterName).toBe("instant");
    expect(await adapter.queryRaw(query)).toEqual(resultSet);
    await expect(adapter.executeRaw(query)).rejects.toMatchObject({ name: "DriverAdapterError", cause: { code: "23505" } });
    const transaction = await adapter.startTransaction();
    expect(transaction.options).toEqual({ usePhantomQuery: true });
    expect(await transaction.executeRaw(query)).toBe(3);
    await transaction.commit();
    expect(calls).toEqual(["queryRaw", "executeRaw", "tx.executeRaw", "commit"]);
  });

  it("continues after a reply only on a later turn of the event loop", async () => {
    const adapter = await takingTurns(instantAdapter([])).connect();
    const order: string[] = [];
    setImmediate(() => order.push("other work"));
    await adapter.queryRaw(query);
    order.push("continuation");
    expect(order).toEqual(["other work", "continuation"]);
  });
});
