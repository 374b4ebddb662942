import { afterEach, describe, expect, it } from "vitest";
import { cachedRead, isReadOnlyStatement, noteWrite, readCacheCounts, setReadCacheEnabled, tableWrittenAlone } from "./read-cache.server";

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
    '\n\tSELECT DISTINCT ON ("kind") * FROM "DeployRun"',
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

describe("tableWrittenAlone", () => {
  it.each([
    [
      'INSERT INTO "RateLimit" ("key", "points", "expire") VALUES ($1, 1, now()) ON CONFLICT ("key") DO UPDATE SET "points" = "RateLimit"."points" + 1 RETURNING "points", "expire"',
      "RateLimit",
    ],
    ['\n    INSERT INTO "RateLimit" ("key") VALUES ($1)', "RateLimit"],
    ['DELETE FROM "public"."RateLimit" WHERE "key" = $1', "RateLimit"],
    ['UPDATE "public"."ApiToken" SET "lastUsedAt" = $1 WHERE ("public"."ApiToken"."id" = $2 AND 1=1)', "ApiToken"],
    ['INSERT INTO "public"."AuditLog" ("id","tenantId") VALUES ($1,$2) RETURNING "public"."AuditLog"."id"', "AuditLog"],
    ['DELETE FROM "Session" WHERE "id" = $1', "Session"],
    ['UPDATE "public"."Membership" SET "role" = $1', "Membership"],
  ])("one statement on a table no foreign key refers to: %s", (sql, table) => expect(tableWrittenAlone(sql)).toBe(table));

  it.each([
    // Tenant, User and DeployConfig are referred to: deleting (or re-keying) a row cascades.
    'DELETE FROM "public"."Tenant" WHERE "id" = $1',
    'UPDATE "User" SET "email" = $1',
    'INSERT INTO "DeployConfig" ("id") VALUES ($1)',
    'DELETE FROM "RateLimitX" WHERE "key" = $1',
    'WITH gone AS (DELETE FROM "Session" RETURNING *) DELETE FROM "RateLimit" WHERE "key" IN (SELECT "id" FROM gone)',
    'DELETE FROM "RateLimit"; DELETE FROM "Session"',
    'SELECT * FROM "RateLimit"',
    'TRUNCATE "RateLimit", "Session"',
    "COMMIT",
    "",
  ])("anything else, which counts as a write to every table: %s", (sql) => expect(tableWrittenAlone(sql)).toBeUndefined());
});

describe("cachedRead", () => {
  it("calls the database every time while turned off", async () => {
    const read = counter(() => ({ role: "OWNER" }));
    await cachedRead("k", ["Session"], read.load);
    await cachedRead("k", ["Session"], read.load);
    expect(read.calls()).toBe(2);
  });

  it("answers a repeated read from memory until something is written", async () => {
    setReadCacheEnabled(true);
    let role = "OWNER";
    const read = counter(() => ({ role }));
    expect(await cachedRead("k", ["Session"], read.load)).toEqual({ role: "OWNER" });
    expect(await cachedRead("k", ["Session"], read.load)).toEqual({ role: "OWNER" });
    expect(read.calls()).toBe(1);
    role = "VIEWER";
    noteWrite();
    expect(await cachedRead("k", ["Session"], read.load)).toEqual({ role: "VIEWER" });
    expect(read.calls()).toBe(2);
    expect(readCacheCounts()).toEqual({ hits: 1, misses: 2 });
  });

  it("keeps a read while only other tables are written, and drops it when one of its own is", async () => {
    setReadCacheEnabled(true);
    const read = counter(() => "a session");
    await cachedRead("k", ["Session", "User"], read.load);
    noteWrite("RateLimit");
    noteWrite("AuditLog");
    await cachedRead("k", ["Session", "User"], read.load);
    expect(read.calls()).toBe(1);
    noteWrite("User");
    await cachedRead("k", ["Session", "User"], read.load);
    expect(read.calls()).toBe(2);
    noteWrite(); // every table
    await cachedRead("k", ["Session", "User"], read.load);
    expect(read.calls()).toBe(3);
  });

  it("keeps a read during which only another table was written, not one during which its own was", async () => {
    setReadCacheEnabled(true);
    await cachedRead("kept", ["Session"], async () => {
      noteWrite("RateLimit");
      return "kept";
    });
    expect(await cachedRead("kept", ["Session"], async () => "not read")).toBe("kept");
    await cachedRead("dropped", ["Session"], async () => {
      noteWrite("Session");
      return "before the write";
    });
    expect(await cachedRead("dropped", ["Session"], async () => "after the write")).toBe("after the write");
  });

  it("shares a read on its way with the requests that ask for it meanwhile", async () => {
    setReadCacheEnabled(true);
    let finish: (value: string) => void = () => undefined;
    const read = counter(() => new Promise<string>((resolve) => (finish = resolve)));
    const answers = Promise.all([cachedRead("k", ["Session"], read.load), cachedRead("k", ["Session"], read.load), cachedRead("k", ["Session"], read.load)]);
    finish("one read");
    expect(await answers).toEqual(["one read", "one read", "one read"]);
    expect(read.calls()).toBe(1);
    expect(readCacheCounts()).toEqual({ hits: 2, misses: 1 });
  });

  it("shares a read on its way though an older answer to the same key is held, no longer valid", async () => {
    setReadCacheEnabled(true);
    await cachedRead("k", ["Session"], async () => "old");
    noteWrite("Session");
    let finish: (value: string) => void = () => undefined;
    const read = counter(() => new Promise<string>((resolve) => (finish = resolve)));
    const answers = Promise.all([cachedRead("k", ["Session"], read.load), cachedRead("k", ["Session"], read.load)]);
    finish("new");
    expect(await answers).toEqual(["new", "new"]);
    expect(read.calls()).toBe(1);
  });

  it("does not share a read on its way with a request that came after a write to its tables", async () => {
    setReadCacheEnabled(true);
    let finish: (value: string) => void = () => undefined;
    const first = cachedRead("k", ["Session"], () => new Promise<string>((resolve) => (finish = resolve)));
    noteWrite("RateLimit");
    const unaffected = cachedRead("k", ["Session"], async () => "not read");
    noteWrite("Session");
    const second = cachedRead("k", ["Session"], async () => "read after the write");
    finish("read before the write");
    expect(await first).toBe("read before the write");
    expect(await unaffected).toBe("read before the write");
    expect(await second).toBe("read after the write");
    expect(await cachedRead("k", ["Session"], async () => "not read")).toBe("read after the write");
  });

  it("hands a failed read's error to those that shared it, and keeps nothing", async () => {
    setReadCacheEnabled(true);
    let fail: (error: Error) => void = () => undefined;
    const failing = () => new Promise<string>((_resolve, reject) => (fail = reject));
    const both = Promise.allSettled([cachedRead("k", ["Session"], failing), cachedRead("k", ["Session"], async () => "not read")]);
    fail(new Error("database down"));
    expect((await both).map((outcome) => outcome.status)).toEqual(["rejected", "rejected"]);
    expect(await cachedRead("k", ["Session"], async () => "read again")).toBe("read again");
  });

  it("keeps keys apart", async () => {
    setReadCacheEnabled(true);
    expect(await cachedRead("a", ["Session"], async () => "A")).toBe("A");
    expect(await cachedRead("b", ["Session"], async () => "B")).toBe("B");
    expect(await cachedRead("a", ["Session"], async () => "not read")).toBe("A");
  });

  it("does not keep a read during which something was written", async () => {
    setReadCacheEnabled(true);
    const read = counter(() => "before the write");
    await cachedRead("k", ["Session"], async () => {
      const value = await read.load();
      noteWrite(); // another request's write lands while this read is on its way back
      return value;
    });
    expect(await cachedRead("k", ["Session"], async () => "after the write")).toBe("after the write");
  });

  it("freezes what it keeps, deeply, so no caller can change the next request's answer", async () => {
    setReadCacheEnabled(true);
    const value = await cachedRead("k", ["Session"], async () => ({ user: { name: "Ada" }, list: [{ role: "OWNER" }], at: new Date(0) }));
    expect(() => {
      (value.user as { name: string }).name = "Eve";
    }).toThrow(TypeError);
    expect(() => (value.list as unknown[]).push({})).toThrow(TypeError);
    expect((await cachedRead<typeof value | null>("k", ["Session"], async () => null))?.user.name).toBe("Ada");
  });

  it("does not keep a failed read", async () => {
    setReadCacheEnabled(true);
    await expect(cachedRead("k", ["Session"], async () => Promise.reject(new Error("database down")))).rejects.toThrow("database down");
    expect(await cachedRead("k", ["Session"], async () => "read again")).toBe("read again");
  });

  it("forgets everything when turned off and on again (a database closed and reopened)", async () => {
    setReadCacheEnabled(true);
    await cachedRead("k", ["Session"], async () => "old database");
    setReadCacheEnabled(false);
    setReadCacheEnabled(true);
    expect(await cachedRead("k", ["Session"], async () => "new database")).toBe("new database");
  });
});
