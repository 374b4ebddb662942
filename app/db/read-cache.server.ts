import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { LRUCache } from "lru-cache";
import type { Prisma } from "~/generated/prisma/client";
import { wrapDriverAdapter } from "./adapter-wrapper.server";

/**
 * The reads every page repeats (the session, the signed-in person's memberships, the tenant's
 * deploy state and dashboard figures) answered from memory while nothing has been written since
 * they were read.
 *
 * Only for the embedded database: this process is its only writer, and every statement it sends
 * through Prisma passes through `trackingWrites` (the migration runner, the only other path, runs
 * before the cache is turned on), so "nothing written since" is known exactly. Each cached read
 * names the tables it reads (a test runs every cached read and checks its statements against that
 * list), and is served only while none of them has been written since it began; a read that
 * overlaps a write to one of them is not kept. With PostgreSQL other instances write too, so the
 * cache stays off there and every read goes to the database.
 *
 * A single INSERT, UPDATE or DELETE on a table that no foreign key refers to (TABLES_WRITTEN_ALONE:
 * no cascade can reach another table from it, and the schema has no triggers; a test checks both
 * against the database) counts as a write to that table alone. Every other statement that is not
 * a plain SELECT, and every commit or rollback, counts as a write to every table. So counting a
 * rate-limit hit, recording an API token's last use or writing an audit entry leaves the cached
 * sessions, memberships and deploy states as they are; without this, a burst of verifications
 * would make every request read them all again. Requests that arrive together share one read: a
 * read still on its way answers those that ask for the same key meanwhile, unless one of its tables
 * was written after it began.
 *
 * Cached values are frozen (deeply), so a caller that tried to change one would fail loudly instead
 * of changing what the next request sees.
 */
const MAX_ENTRIES = 2_000;

/** A table a cached read may read: one of the schema's models. */
export type CachedTable = Prisma.ModelName;

let enabled = false;
/** Counts writes, before and after each: a read is valid while no table it reads has a later write. */
let clock = 0;
let lastWriteToEveryTable = 0;
const lastWriteTo = new Map<CachedTable, number>();
const counts = { hits: 0, misses: 0 };
const entries = new LRUCache<string, { readAt: number; tables: readonly CachedTable[]; value: unknown }>({ max: MAX_ENTRIES });
/** Reads on their way, so that requests arriving together (a burst after a write) share one. */
const inFlight = new Map<string, { readAt: number; tables: readonly CachedTable[]; value: Promise<unknown> }>();

/** Turned on by openDatabase for the embedded database, off (and emptied) when it closes. */
export function setReadCacheEnabled(on: boolean) {
  enabled = on;
  entries.clear();
  inFlight.clear();
  counts.hits = 0;
  counts.misses = 0;
}

/** What is held, and the tables each entry read (for the tests). */
export function cachedEntries() {
  return [...entries.entries()].map(([key, entry]) => ({ key, tables: entry.tables }));
}

/** Reads answered from memory and reads that went to the database since the cache was turned on. */
export function readCacheCounts() {
  return { ...counts };
}

export function readCacheEnabled() {
  return enabled;
}

/** `table` (or, without one, any table) changed: no read of it that began before now is served again. */
export function noteWrite(table?: CachedTable) {
  clock += 1;
  if (table === undefined) lastWriteToEveryTable = clock;
  else lastWriteTo.set(table, clock);
}

function unchangedSince(readAt: number, tables: readonly CachedTable[]) {
  return lastWriteToEveryTable <= readAt && tables.every((table) => (lastWriteTo.get(table) ?? 0) <= readAt);
}

/** `load()`, or its frozen result from an earlier call (finished, or still on its way), while none
 * of `tables` (all that `load` reads) has been written since that call began. Answers shared with
 * an earlier call count as hits. */
export async function cachedRead<T>(key: string, tables: readonly CachedTable[], load: () => Promise<T>): Promise<T> {
  if (!enabled) return load();
  for (const earlier of [entries.get(key), inFlight.get(key)]) {
    if (earlier && unchangedSince(earlier.readAt, earlier.tables)) {
      counts.hits += 1;
      return (await earlier.value) as T;
    }
  }
  counts.misses += 1;
  const readAt = clock;
  const value = load().then(deepFreeze);
  const flight = { readAt, tables, value };
  inFlight.set(key, flight);
  try {
    const loaded = await value;
    if (enabled && unchangedSince(readAt, tables)) entries.set(key, { readAt, tables, value: loaded });
    return loaded;
  } finally {
    if (inFlight.get(key) === flight) inFlight.delete(key);
  }
}

function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== "object" || Object.isFrozen(value) || ArrayBuffer.isView(value)) return value;
  Object.freeze(value);
  for (const inner of Object.values(value)) deepFreeze(inner);
  return value;
}

/** True only for a statement that cannot change data: a plain SELECT (no data-modifying WITH). */
export function isReadOnlyStatement(sql: string) {
  return /^\s*(?:\/\*[\s\S]*?\*\/\s*|--[^\n]*\n\s*)*select\b/i.test(sql);
}

type StatementWatcher = (sql: string) => void;
const watchers = new Set<StatementWatcher>();

/** Calls `watcher` with the text of every statement sent until the returned function is called
 * (the tests use it to show which tables the cached reads read). */
export function watchStatements(watcher: StatementWatcher): () => void {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

/** Tables no foreign key refers to: one INSERT, UPDATE or DELETE on one of them changes no other. */
export const TABLES_WRITTEN_ALONE = [
  "Membership",
  "Session",
  "ApiToken",
  "SetupItem",
  "TenantModule",
  "AuditLog",
  "DeployRun",
  "RateLimit",
] as const satisfies readonly CachedTable[];

/** The table one INSERT, UPDATE or DELETE (no WITH, no second statement) changes alone, if it is
 * one of TABLES_WRITTEN_ALONE; undefined for anything else. */
export function tableWrittenAlone(sql: string): CachedTable | undefined {
  const target = /^\s*(?:insert\s+into|update|delete\s+from)\s+(?:"public"\.)?"([A-Za-z]+)"\s/i.exec(sql)?.[1];
  if (!target || sql.includes(";")) return undefined;
  return (TABLES_WRITTEN_ALONE as readonly string[]).includes(target) ? (target as CachedTable) : undefined;
}

/** Wraps a Prisma driver adapter so that every write, script, commit and rollback is noted before
 * it runs and again after it ends: a read that starts while the write runs is then not served
 * later either. */
export function trackingWrites(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrapDriverAdapter(factory, async (call, run) => {
    if (call.kind === "statement") for (const watcher of watchers) watcher(call.query.sql);
    if (call.kind === "begin" || (call.kind === "statement" && isReadOnlyStatement(call.query.sql))) return run();
    const table = call.kind === "statement" ? tableWrittenAlone(call.query.sql) : undefined;
    noteWrite(table);
    try {
      return await run();
    } finally {
      noteWrite(table);
    }
  });
}
