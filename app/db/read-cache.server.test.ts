import { afterEach, describe, expect, it } from "vitest";
import { cachedRead, isReadOnlyStatement, noteWrite, readCacheCounts, setReadCacheEnabled, writesOnlyUncachedTables } from "./read-cache.server";

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

describe("isReadOnlyStatement", () => {
  it.each([
    "SELECT 1",
    '  select "id" FROM "Session" WHERE "id" = $1',
    "\n\tSELECT DISTINCT ON (\"kind\") * FROM \"DeployRun\"",
    "/* prisma */ SELECT 1",
    "-- a comment\nSELECT 1",
  ])("reads: %s", (sql) => expect(isReadOnlyStatement(sql)).toBe(true));

  it.each([
    'INSERT INTO "Session" VALUES ($1)',
    'UPDATE "Membership" SET "role" = $1',
    'DELETE FROM "Session" WHERE "id" = $1',
    'WITH moved AS (DELETE FROM "Session" RETURNING *) SELECT * FROM moved',
    "BEGIN",
    "COMMIT",
    "ROLLBACK",
    'CREATE TABLE "x" ("id" int)',
    "selected_rows()",
    "",
  ])("changes or may change data: %s", (sql) => expect(isReadOnlyStatement(sql)).toBe(false));
});

describe("writesOnlyUncachedTables", () => {
  it.each([
    'INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ($1, 1, now()) ON CONFLICT ("key") DO UPDATE SET "points" = "RateLimit"."points" + 1 RETURNING "points", "expire"',
    '\n    INSERT INTO "RateLimit" ("key") VALUES ($1)',
    'DELETE FROM "public"."RateLimit" WHERE "key" = $1',
    'UPDATE "public"."RateLimit" SET "points" = 0 WHERE "key" = $1',
  ])("a rate-limit counter: %s", (sql) => expect(writesOnlyUncachedTables(sql)).toBe(true));

  it.each([
    'INSERT INTO "Session" ("id") VALUES ($1)',
    'UPDATE "public"."Membership" SET "role" = $1',
    'DELETE FROM "RateLimitX" WHERE "key" = $1',
    'WITH gone AS (DELETE FROM "Session" RETURNING *) DELETE FROM "RateLimit" WHERE "key" IN (SELECT "id" FROM gone)',
    'DELETE FROM "RateLimit"; DELETE FROM "Session"',
    'SELECT * FROM "RateLimit"',
    "TRUNCATE \"RateLimit\", \"Session\"",
    "COMMIT",
    "",
  ])("anything else: %s", (sql) => expect(writesOnlyUncachedTables(sql)).toBe(false));
});

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
