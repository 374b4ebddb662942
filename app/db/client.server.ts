import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { getEnv } from "~/env.server";
import { PrismaClient } from "~/generated/prisma/client";
import { applyMigrations, type SqlRunner } from "./migrate.server";
import { startPgliteThread } from "./pglite-thread.server";
import { makePrivateDir, tightenTree } from "./private-files.server";
import { setReadCacheEnabled, trackingWrites } from "./read-cache.server";
import type { Statement } from "./statements.server";

export type Database = PrismaClient;
export type DatabaseTarget = { kind: "pglite"; dir: string } | { kind: "postgres"; url: string; poolSize?: number };

export type OpenOptions = {
  migrate?: boolean;
  /** The embedded database's thread stopped on its own (see pglite-thread.server.ts). */
  onDatabaseLost?: (error: Error) => void;
};

/**
 * How the job queue (pg-boss, app/deploy/monitor/) reaches the same database: on PostgreSQL its own
 * small pool from the URL; on the embedded database, statements forwarded to the database's thread
 * (there is one PGlite per directory, and it lives in that thread).
 */
export type JobQueueConnection =
  { kind: "postgres"; url: string } | { kind: "pglite"; executeSql: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> };

type StatementRunner = (statement: Statement<unknown>, values: readonly unknown[]) => Promise<unknown[]>;
type Opened = {
  prisma: PrismaClient;
  kind: DatabaseTarget["kind"];
  run: StatementRunner;
  ready: () => Promise<void>;
  close: () => Promise<void>;
  jobQueue: () => Promise<JobQueueConnection>;
};
type Driver = {
  adapter: SqlDriverAdapterFactory;
  runner: SqlRunner;
  /** Named prepared statements, where the driver has them (PostgreSQL). */
  prepared?: StatementRunner;
  jobQueue: JobQueueConnection;
  afterMigrations?: () => Promise<void>;
  close: () => Promise<void>;
};

/**
 * One database per process, kept on globalThis: in development Vite re-evaluates this module when
 * it (or what it imports) changes, and a second PGlite on the same directory corrupts it.
 */
const DATABASE_KEY = Symbol.for("go-live.database");
const holder = ((globalThis as { [DATABASE_KEY]?: { opened?: Opened } })[DATABASE_KEY] ??= {});

/**
 * The process's database. The first caller opens it from the environment (DATABASE_URL, else the
 * embedded database in DATA_DIR); the driver starts and pending migrations are applied when the
 * first query runs, before it.
 */
export function db(): PrismaClient {
  holder.opened ??= createDatabase(getEnv().database, {});
  return holder.opened.prisma;
}

/** Opens the database now (the server at start, tests), applies pending migrations and makes it the process's database. */
export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<PrismaClient> {
  const next = createDatabase(target, options);
  try {
    await next.ready();
  } catch (error) {
    await next.close().catch(() => undefined);
    throw error;
  }
  holder.opened = next;
  return next.prisma;
}

/** Runs one of the hot statements (app/db/statements.server.ts) on the process's database, or
 * inside a transaction when given one (unnamed there: the transaction holds its own connection). */
export async function runStatement<Row>(statement: Statement<Row>, values: readonly unknown[], tx?: Pick<PrismaClient, "$queryRawUnsafe">): Promise<Row[]> {
  if (tx) return tx.$queryRawUnsafe<Row[]>(statement.text, ...values);
  db();
  return (await holder.opened!.run(statement, values)) as Row[];
}

/** The open database, for the job queue (opens it first if needed). */
export function jobQueueConnection(): Promise<JobQueueConnection> {
  holder.opened ??= createDatabase(getEnv().database, {});
  return holder.opened.jobQueue();
}

export function databaseKind() {
  return holder.opened?.kind;
}

export async function closeDatabase() {
  const current = holder.opened;
  holder.opened = undefined;
  setReadCacheEnabled(false);
  await current?.close();
}

/**
 * A Prisma client whose driver starts on the first query: the driver is started, migrations are
 * applied, and only then does Prisma get its connection.
 */
function createDatabase(target: DatabaseTarget, options: OpenOptions): Opened {
  let starting: Promise<Driver> | undefined;
  const start = () =>
    (starting ??= (async () => {
      const driver = target.kind === "pglite" ? await startPglite(target.dir, options.onDatabaseLost) : await startPostgres(target.url, target.poolSize);
      try {
        if (options.migrate !== false) await applyMigrations(driver.runner);
        await driver.afterMigrations?.();
        // PGlite writes its files 0666 whatever the umask: owner-only, like the directory that holds them
        // (files it creates later stay behind that directory).
        if (target.kind === "pglite" && !target.dir.startsWith("memory://")) tightenTree(path.resolve(target.dir));
      } catch (error) {
        await driver.close();
        throw error;
      }
      // Only the embedded database has this process as its one writer (app/db/read-cache.server.ts).
      setReadCacheEnabled(target.kind === "pglite");
      return driver;
    })());
  const lazy: SqlDriverAdapterFactory = {
    provider: "postgres",
    adapterName: target.kind === "pglite" ? "pglite-prisma-adapter" : "@prisma/adapter-pg",
    connect: async () => (await start()).adapter.connect(),
  };
  const prisma = new PrismaClient({ adapter: target.kind === "pglite" ? trackingWrites(lazy) : lazy });
  const run: StatementRunner = async (statement, values) => {
    const driver = await start();
    return driver.prepared ? driver.prepared(statement, values) : prisma.$queryRawUnsafe<unknown[]>(statement.text, ...values);
  };
  return {
    prisma,
    kind: target.kind,
    run,
    ready: async () => {
      await start();
    },
    jobQueue: async () => (await start()).jobQueue,
    close: async () => {
      await prisma.$disconnect();
      // $disconnect does not close PGlite, and its thread keeps the process alive until closed.
      if (starting) await (await starting.catch(() => undefined))?.close();
    },
  };
}

async function startPglite(dir: string, onUnexpectedStop?: (error: Error) => void): Promise<Driver> {
  // PGlite does not create parent directories; an empty directory of ours it initialises as its own.
  if (!dir.startsWith("memory://")) makePrivateDir(path.resolve(dir));
  const thread = await startPgliteThread(dir, { onUnexpectedStop });
  return { adapter: thread.adapter, runner: thread.runner, jobQueue: { kind: "pglite", executeSql: thread.jobSql }, close: () => thread.close() };
}

/**
 * PostgreSQL: one connection of its own for the migrations, closed once they are applied, and one
 * pool for everything else, shared by Prisma and the named statements. The pool keeps idle
 * connections for a minute (pg's default of 10 s made the first page after a quiet moment open new
 * connections: 28-35 ms instead of 11-15 on loopback, far more over TLS to a managed database) and
 * holds at most DATABASE_POOL_SIZE.
 */
async function startPostgres(url: string, poolSize = 10): Promise<Driver> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000, application_name: "go-live migrations" });
  // If the server cuts the connection (a restart, a failover, pg_terminate_backend), pg emits
  // "error"; without a listener that is an uncaught exception that takes the whole process down.
  // Prisma's own pool already handles the same event for its connections.
  client.on("error", () => undefined);
  await client.connect();
  let closed: Promise<void> | undefined;
  const closeMigrator = () => (closed ??= client.end().catch(() => undefined));
  const runner: SqlRunner = {
    exec: async (sql) => {
      await client.query(sql);
    },
    query: async (sql, params = []) => (await client.query(sql, params as unknown[])).rows,
  };
  const pool = new pg.Pool({ connectionString: url, max: poolSize, idleTimeoutMillis: 60_000, connectionTimeoutMillis: 5000, application_name: "go-live" });
  // An idle connection cut by the server emits "error" on the pool: without a listener, a crash.
  pool.on("error", () => undefined);
  return {
    adapter: new PrismaPg(pool, { disposeExternalPool: true }),
    runner,
    prepared: async (statement, values) => (await pool.query({ name: statement.name, text: statement.text, values: [...values] })).rows,
    jobQueue: { kind: "postgres", url },
    afterMigrations: closeMigrator,
    close: async () => {
      await closeMigrator();
      if (!pool.ended) await pool.end().catch(() => undefined);
    },
  };
}
