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
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(pglite) });
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

async function openPostgres(url: string) {
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10, connectionTimeoutMillis: 5000 }) });
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
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
