import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { LRUCache } from "lru-cache";
import { wrapDriverAdapter } from "./adapter-wrapper.server";

/**
 * The reads every page repeats (the session, the signed-in person's memberships, the tenant's
 * deploy state and dashboard figures) answered from memory while nothing has been written since
 * they were read.
 *
 * Only for the embedded database: this process is its only writer, and every statement it sends
 * through Prisma passes through `trackingWrites` (the migration runner, the only other path, runs
 * before the cache is turned on), so "nothing written since" is known exactly. Any statement that
 * is not a plain SELECT, and every commit or rollback, starts a new write generation; an entry is
 * served only in the generation it was read in, and a read that overlaps a write is not kept. With
 * PostgreSQL other instances write too, so the cache stays off there and every read goes to the
 * database.
 *
 * One table is left out of that rule: the rate-limit counters ("RateLimit"). No cached read reads
 * them (a test runs every cached read and checks its statements), and a single INSERT, UPDATE or
 * DELETE changes no table but its own, so counting a hit leaves the reads in memory valid. Without
 * this, every rate-limited request (sign-in, pre-flight, verification) would throw away every
 * person's cached session and memberships, and a burst of verifications would read them all again.
 *
 * Cached values are frozen (deeply), so a caller that tried to change one would fail loudly instead
 * of changing what the next request sees.
 */
const MAX_ENTRIES = 2_000;

let enabled = false;
let generation = 0;
const counts = { hits: 0, misses: 0 };
const entries = new LRUCache<string, { generation: number; value: unknown }>({ max: MAX_ENTRIES });

/** Turned on by openDatabase for the embedded database, off (and emptied) when it closes. */
export function setReadCacheEnabled(on: boolean) {
  enabled = on;
  entries.clear();
  counts.hits = 0;
  counts.misses = 0;
}

/** Reads answered from memory and reads that went to the database since the cache was turned on. */
export function readCacheCounts() {
  return { ...counts };
}

export function readCacheEnabled() {
  return enabled;
}

/** Something changed the database: no entry read before now is served again. */
export function noteWrite() {
  generation += 1;
}

/** `load()`, or its frozen result from an earlier call in the same write generation. */
export async function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!enabled) return load();
  const hit = entries.get(key);
  if (hit && hit.generation === generation) {
    counts.hits += 1;
    return hit.value as T;
  }
  counts.misses += 1;
  const readIn = generation;
  const value = deepFreeze(await load());
  if (enabled && readIn === generation) entries.set(key, { generation: readIn, value });
  return value;
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

/** Tables that no cached read reads, so that a write to them alone cannot make a cached answer stale. */
export const TABLES_NO_CACHED_READ_READS = ["RateLimit"] as const;

/** True only for one INSERT, UPDATE or DELETE (no WITH, no second statement) on such a table. */
export function writesOnlyUncachedTables(sql: string) {
  const target = /^\s*(?:insert\s+into|update|delete\s+from)\s+(?:"public"\.)?"([A-Za-z]+)"\s/i.exec(sql)?.[1];
  return !!target && (TABLES_NO_CACHED_READ_READS as readonly string[]).includes(target) && !sql.includes(";");
}

/** Wraps a Prisma driver adapter so that every write, script, commit and rollback starts a new
 * generation, before it runs and again after it ends: a read that starts while the write runs is
 * then not served later either. */
export function trackingWrites(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrapDriverAdapter(factory, async (call, run) => {
    if (call.kind === "statement") for (const watcher of watchers) watcher(call.query.sql);
    if (call.kind === "begin" || (call.kind === "statement" && (isReadOnlyStatement(call.query.sql) || writesOnlyUncachedTables(call.query.sql)))) return run();
    noteWrite();
    try {
      return await run();
    } finally {
      noteWrite();
    }
  });
}
