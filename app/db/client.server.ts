import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate.server";
import { startPgliteThread } from "./pglite-thread.server";
import { makePrivateDir, tightenTree } from "./private-files.server";
import { setReadCacheEnabled, trackingWrites } from "./read-cache.server";
import { takingTurns } from "./taking-turns.server";

export type Database = PrismaClient;
export type DatabaseTarget = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string };

type Opened = { prisma: PrismaClient; close: () => Promise<void>; kind: DatabaseTarget["kind"] };
let opened: Opened | undefined;

/** Opens the database, applies pending migrations and makes it the process's database. */
export type OpenOptions = {
  migrate?: boolean;
  /** The embedded database's thread stopped on its own (see pglite-thread.server.ts). */
  onDatabaseLost?: (error: Error) => void;
};

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<PrismaClient> {
  const next = target.kind === "pglite" ? await openPglite(target.dir, options.onDatabaseLost) : await openPostgres(target.url);
  try {
    if (options.migrate !== false) await applyMigrations(next.runner);
    // PGlite writes its files 0666 whatever the umask: owner-only, like the directory that holds them
    // (files it creates later stay behind that directory).
    if (target.kind === "pglite" && !target.dir.startsWith("memory://")) tightenTree(path.resolve(target.dir));
  } catch (error) {
    await next.close();
    throw error;
  }
  opened = { prisma: next.prisma, close: next.close, kind: target.kind };
  // Only the embedded database has this process as its one writer (app/db/read-cache.server.ts).
  setReadCacheEnabled(target.kind === "pglite");
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
  setReadCacheEnabled(false);
  await current?.close();
}

async function openPglite(dir: string, onUnexpectedStop?: (error: Error) => void) {
  // PGlite does not create parent directories; an empty directory of ours it initialises as its own.
  const onDisk = !dir.startsWith("memory://");
  if (onDisk) makePrivateDir(path.resolve(dir));
  const thread = await startPgliteThread(dir, { onUnexpectedStop });
  const prisma = new PrismaClient({ adapter: takingTurns(trackingWrites(thread.adapter)) });
  return {
    prisma,
    runner: thread.runner,
    // $disconnect does not close PGlite, and its thread keeps the process alive until closed.
    close: async () => {
      await prisma.$disconnect();
      await thread.close();
    },
  };
}

async function openPostgres(url: string) {
  const prisma = new PrismaClient({ adapter: takingTurns(new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 })) });
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
