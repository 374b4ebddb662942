import { afterEach, describe, expect, it } from "vitest";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery } from "@prisma/driver-adapter-utils";
import { cachedRead, noteWrite, readCacheCounts, setReadCacheEnabled, trackingWrites } from "./read-cache.server";

afterEach(() => setReadCacheEnabled(false));

function counter<T>(value: () => T) {
  let calls = 0;
  return {
    load: async () => {
      calls += 1;
      return value();
    },
    calls: () => calls,
  };
}

describe("cachedRead", () => {
  it("calls the database every time while turned off", async () => {
    const read = counter(() => ({ role: "OWNER" }));
    await cachedRead("k", read.load);
    await cachedRead("k", read.load);
    expect(read.calls()).toBe(2);
  });

  it("answers a repeated read from memory until something is written", async () => {
    setReadCacheEnabled(true);
    let role = "OWNER";
    const read = counter(() => ({ role }));
    expect(await cachedRead("k", read.load)).toEqual({ role: "OWNER" });
    expect(await cachedRead("k", read.load)).toEqual({ role: "OWNER" });
    expect(read.calls()).toBe(1);
    role = "VIEWER";
    noteWrite();
    expect(await cachedRead("k", read.load)).toEqual({ role: "VIEWER" });
    expect(read.calls()).toBe(2);
    expect(readCacheCounts()).toEqual({ hits: 1, misses: 2 });
  });

  it("shares a read on its way with the requests that ask for it meanwhile", async () => {
    setReadCacheEnabled(true);
    let finish: (value: string) => void = () => undefined;
    const read = counter(() => new Promise<string>((resolve) => (finish = resolve)));
    const answers = Promise.all([cachedRead("k", read.load), cachedRead("k", read.load), cachedRead("k", read.load)]);
    finish("one read");
    expect(await answers).toEqual(["one read", "one read", "one read"]);
    expect(read.calls()).toBe(1);
    expect(readCacheCounts()).toEqual({ hits: 2, misses: 1 });
  });

  it("shares a read on its way though an older answer to the same key is held, no longer valid", async () => {
    setReadCacheEnabled(true);
    await cachedRead("k", async () => "old");
    noteWrite();
    let finish: (value: string) => void = () => undefined;
    const read = counter(() => new Promise<string>((resolve) => (finish = resolve)));
    const answers = Promise.all([cachedRead("k", read.load), cachedRead("k", read.load)]);
    finish("new");
    expect(await answers).toEqual(["new", "new"]);
    expect(read.calls()).toBe(1);
  });

  it("does not share a read on its way with a request that came after a write", async () => {
    setReadCacheEnabled(true);
    let finish: (value: string) => void = () => undefined;
    const first = cachedRead("k", () => new Promise<string>((resolve) => (finish = resolve)));
    noteWrite();
    const second = cachedRead("k", async () => "read after the write");
    finish("read before the write");
    expect(await first).toBe("read before the write");
    expect(await second).toBe("read after the write");
    expect(await cachedRead("k", async () => "not read")).toBe("read after the write");
  });

  it("hands a failed read's error to those that shared it, and keeps nothing", async () => {
    setReadCacheEnabled(true);
    let fail: (error: Error) => void = () => undefined;
    const failing = () => new Promise<string>((_resolve, reject) => (fail = reject));
    const both = Promise.allSettled([cachedRead("k", failing), cachedRead("k", async () => "not read")]);
    fail(new Error("database down"));
    expect((await both).map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(await cachedRead("k", async () => "read again")).toBe("read again");
  });

  it("keeps keys apart", async () => {
    setReadCacheEnabled(true);
    expect(await cachedRead("a", async () => "A")).toBe("A");
    expect(await cachedRead("b", async () => "B")).toBe("B");
    expect(await cachedRead("a", async () => "not read")).toBe("A");
  });

  it("does not keep a read during which something was written", async () => {
    setReadCacheEnabled(true);
    const read = counter(() => "before the write");
    await cachedRead("k", async () => {
      const value = await read.load();
      noteWrite(); // another request's write lands while this read is on its way back
      return value;
    });
    expect(await cachedRead("k", async () => "after the write")).toBe("after the write");
  });

  it("freezes what it keeps, deeply, so no caller can change the next request's answer", async () => {
    setReadCacheEnabled(true);
    const value = await cachedRead("k", async () => ({ user: { name: "Ada" }, list: [{ role: "OWNER" }], at: new Date(0) }));
    expect(() => {
      (value.user as { name: string }).name = "Eve";
    }).toThrow(TypeError);
    expect(() => (value.list as unknown[]).push({})).toThrow(TypeError);
    expect((await cachedRead<typeof value | null>("k", async () => null))?.user.name).toBe("Ada");
  });

  it("does not keep a failed read", async () => {
    setReadCacheEnabled(true);
    await expect(cachedRead("k", async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cachedRead("k", async () => "read again")).toBe("read again");
  });

  it("forgets everything when turned off and on again (a database closed and reopened)", async () => {
    setReadCacheEnabled(true);
    await cachedRead("k", async () => "old database");
    setReadCacheEnabled(false);
    setReadCacheEnabled(true);
    expect(await cachedRead("k", async () => "new database")).toBe("new database");
  });
});

/** A driver whose statements answer at once, wrapped as the embedded database's is. */
async function trackedDriver() {
  const answer = async () => ({ columnNames: [], columnTypes: [], rows: [] });
  const adapter = {
    provider: "postgres",
    adapterName: "fake",
    queryRaw: answer,
    executeRaw: async () => 1,
    executeScript: async () => undefined,
    startTransaction: async () => ({
      provider: "postgres",
      adapterName: "fake",
      options: { usePhantomQuery: false },
      queryRaw: answer,
      executeRaw: async () => 1,
      commit: async () => undefined,
      rollback: async () => undefined,
    }),
    dispose: async () => undefined,
  } as unknown as SqlDriverAdapter;
  const factory = { provider: "postgres", adapterName: "fake", connect: async () => adapter } as unknown as SqlDriverAdapterFactory;
  return trackingWrites(factory).connect();
}
const statementOf = (sql: string): SqlQuery => ({ sql, args: [], argTypes: [] });

describe("trackingWrites", () => {
  // Whether a statement writes is never read from its SQL: "SELECT" can call a function that writes.
  it("counts every statement outside a cached read as a write, whatever its SQL says", async () => {
    setReadCacheEnabled(true);
    const driver = await trackedDriver();
    const read = counter(() => "held");
    await cachedRead("k", read.load);
    await driver.queryRaw(statementOf("SELECT pg_advisory_lock(1)"));
    await cachedRead("k", read.load);
    expect(read.calls()).toBe(2);
  });

  it("counts the statements a cached read sends as its reads, so what it read stays held", async () => {
    setReadCacheEnabled(true);
    const driver = await trackedDriver();
    const read = counter(async () => {
      await driver.queryRaw(statementOf('SELECT "id" FROM "Session" WHERE "id" = $1'));
      return "held";
    });
    await cachedRead("k", read.load);
    await cachedRead("k", read.load);
    expect(read.calls()).toBe(1);
  });

  it("counts a transaction's start, statements and end, and a script, as writes", async () => {
    setReadCacheEnabled(true);
    const driver = await trackedDriver();
    const read = counter(() => "held");
    const writes: (() => Promise<unknown>)[] = [
      async () => (await driver.startTransaction()).commit(),
      async () => (await driver.startTransaction()).rollback(),
      () => driver.executeScript("SELECT 1"),
      () => driver.executeRaw(statementOf('UPDATE "Session" SET "userAgent" = NULL')),
    ];
    for (const write of writes) {
      await cachedRead("k", read.load);
      const before = read.calls();
      await write();
      await cachedRead("k", read.load);
      expect(read.calls() - before, String(write)).toBe(1);
    }
  });
});
