import { mkdirSync } from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate.server";

export type Database = PrismaClient;
export type DatabaseTarget = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

type Opened = { prisma: PrismaClient; close: () => Promise<void>; kind: DatabaseTarget["kind"] };
let opened: Opened | undefined;

/** Opens the database, applies pending migrations and makes it the process's database. */
export async function openDatabase(target: DatabaseTarget, options: { migrate?: boolean } = {}): Promise<PrismaClient> {
  const next = target.kind === "pglite" ? await openPglite(target.dir) : await openPostgres(target.url);
  try {
    if (options.migrate !== false) await applyMigrations(next.runner);
  } catch (error) {
    await next.close();
    throw error;
  }
  opened = { prisma: next.prisma, close: next.close, kind: target.kind };
  return next.prisma;
}

export function db(): PrismaClient {
  if (!opened) throw new Error("db() called before openDatabase()");
  return opened.prisma;
}

export function databaseKind() {
  return opened?.kind;
}

export async function closeDatabase() {
  const current = opened;
  opened = undefined;
  await current?.close();
}

async function openPglite(dir: string) {
  let pglite: PGlite;
  if (dir.startsWith("memory://")) {
    pglite = new PGlite();
  } else {
    // PGlite does not create parent directories.
    mkdirSync(path.dirname(path.resolve(dir)), { recursive: true });
    pglite = new PGlite(dir);
  }
  await pglite.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(takingTurns(pglite)) });
  const runner: SqlRunner = {
    exec: async (sql) => {
      await pglite.exec(sql);
    },
    query: async (sql, params = []) => (await pglite.query<Record<string, unknown>>(sql, params)).rows,
  };
  return {
    prisma,
    runner,
    // $disconnect does not close PGlite, and PGlite keeps the process alive until closed.
    close: async () => {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/**
 * PGlite executes every statement synchronously on the server's only thread, and statements queued
 * behind its lock run back to back in one chain of microtasks: fifty requests arriving together
 * would hold the event loop for hundreds of milliseconds, and /health and every other request with
 * it. Here statements and transactions queue in the same order PGlite's lock would give them, with
 * one turn of the event loop before each (and before each statement inside a transaction), so other
 * requests are answered in between.
 */
function takingTurns(pglite: PGlite): PGlite {
  let last: Promise<unknown> = Promise.resolve();
  const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
  const queued = <T>(run: () => Promise<T>): Promise<T> => {
    const result = last.then(nextTurn).then(run);
    last = result.catch(() => undefined);
    return result;
  };
  const withTurns = <T extends object>(target: T, around: (run: () => Promise<unknown>) => Promise<unknown>): T =>
    new Proxy(target, {
      get(object, property) {
        const value: unknown = Reflect.get(object, property, object);
        if (typeof value !== "function") return value;
        const method = value as (...args: unknown[]) => Promise<unknown>;
        if (property === "transaction") {
          // The statements of a transaction take turns too, without leaving its place in the queue.
          return (run: (tx: object) => Promise<unknown>) => around(() => method.call(object, (tx: object) => run(withTurns(tx, async (next) => (await nextTurn(), next())))));
        }
        if (property === "query" || property === "exec") return (...args: unknown[]) => around(() => method.apply(object, args));
        return method.bind(object);
      },
    });
  return withTurns(pglite, queued);
}

async function openPostgres(url: string) {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }) });
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  // The migration connection stays open while idle. When the server cuts it (a restart, a failover,
  // pg_terminate_backend), pg emits "error"; without a listener that is an uncaught exception that
  // takes the whole process down. Prisma's own pool already handles the same event for its connections.
  client.on("error", () => undefined);
  await client.connect();
  const runner: SqlRunner = {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows,
  };
  return {
    prisma,
    runner,
    close: async () => {
      await client.end().catch(() => undefined);
      await prisma.$disconnect();
    },
  };
}
