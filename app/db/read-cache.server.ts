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

/** Wraps a Prisma driver adapter so that every write, script, commit and rollback starts a new
 * generation, before it runs and again after it ends: a read that starts while the write runs is
 * then not served later either. */
export function trackingWrites(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrapDriverAdapter(factory, async (call, run) => {
    if (call.kind === "begin" || (call.kind === "statement" && isReadOnlyStatement(call.query.sql))) return run();
    noteWrite();
    try {
      return await run();
    } finally {
      noteWrite();
    }
  });
}
