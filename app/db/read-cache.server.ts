import { AsyncLocalStorage } from "node:async_hooks";
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
 * before the cache is turned on). What counts as a write is decided by where a statement comes
 * from, never by reading its SQL: a statement sent while a cached read's `load` runs is that read's
 * (a cached read only reads: a test runs every one and checks what it sends), and every other
 * statement, script, commit and rollback counts as a write, before it runs and again after it ends.
 * A cached answer is served only while no write has been noted since its read began, and a read
 * that overlaps a write is not kept. With PostgreSQL other instances write too, so the cache stays
 * off there and every read goes to the database.
 *
 * Requests that arrive together share one read: a read still on its way answers those that ask for
 * the same key meanwhile, unless something was written after it began. Cached values are frozen
 * (deeply), so a caller that tried to change one would fail loudly instead of changing what the
 * next request sees.
 */
const MAX_ENTRIES = 2_000;

let enabled = false;
/** Counts writes, before and after each: a read is valid while no write was noted after it began. */
let clock = 0;
let lastWrite = 0;
const counts = { hits: 0, misses: 0 };
const entries = new LRUCache<string, { readAt: number; value: unknown }>({ max: MAX_ENTRIES });
/** Reads on their way, so that requests arriving together (a burst after a write) share one. */
const inFlight = new Map<string, { readAt: number; value: Promise<unknown> }>();
/** Set while a cached read's `load` runs: its statements are reads. */
const insideCachedRead = new AsyncLocalStorage<true>();

/** Turned on by openDatabase for the embedded database, off (and emptied) when it closes. */
export function setReadCacheEnabled(on: boolean) {
  enabled = on;
  entries.clear();
  inFlight.clear();
  counts.hits = 0;
  counts.misses = 0;
}

/** The keys held (for the tests). */
export function cachedKeys() {
  return [...entries.keys()];
}

/** Reads answered from memory and reads that went to the database since the cache was turned on. */
export function readCacheCounts() {
  return { ...counts };
}

export function readCacheEnabled() {
  return enabled;
}

/** Something changed: no read that began before now is served again. */
export function noteWrite() {
  clock += 1;
  lastWrite = clock;
}

/** `load()`, or its frozen result from an earlier call (finished, or still on its way), while
 * nothing has been written since that call began. `load` must only read. Answers shared with an
 * earlier call count as hits. */
export async function cachedRead<T>(key: string, load: () => Promise<T>): Promise<T> {
  if (!enabled) return load();
  for (const earlier of [entries.get(key), inFlight.get(key)]) {
    if (earlier && lastWrite <= earlier.readAt) {
      counts.hits += 1;
      return (await earlier.value) as T;
    }
  }
  counts.misses += 1;
  const readAt = clock;
  const value = insideCachedRead.run(true, load).then(deepFreeze);
  const flight = { readAt, value };
  inFlight.set(key, flight);
  try {
    const loaded = await value;
    if (enabled && lastWrite <= readAt) entries.set(key, { readAt, value: loaded });
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

type StatementWatcher = (sql: string, fromCachedRead: boolean) => void;
const watchers = new Set<StatementWatcher>();

/** Calls `watcher` with the text of every statement sent until the returned function is called
 * (the tests use it to show what the cached reads send). */
export function watchStatements(watcher: StatementWatcher): () => void {
  watchers.add(watcher);
  return () => watchers.delete(watcher);
}

/** Wraps a Prisma driver adapter so that every statement that is not a cached read's, and every
 * script, transaction start, commit and rollback, is noted as a write before it runs and again
 * after it ends: a read that starts while the write runs is then not served later either. */
export function trackingWrites(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrapDriverAdapter(factory, async (call, run) => {
    const fromCachedRead = insideCachedRead.getStore() === true;
    if (call.kind === "statement") for (const watcher of watchers) watcher(call.query.sql, fromCachedRead);
    if (call.kind === "statement" && fromCachedRead) return run();
    noteWrite();
    try {
      return await run();
    } finally {
      noteWrite();
    }
  });
}
