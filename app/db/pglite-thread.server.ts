import { Worker } from "node:worker_threads";
import {
  DriverAdapterError,
  type IsolationLevel,
  type SqlDriverAdapter,
  type SqlDriverAdapterFactory,
  type SqlQuery,
  type SqlResultSet,
  type Transaction,
  type TransactionOptions,
} from "@prisma/driver-adapter-utils";
import type { SqlRunner } from "./migrate.server";

/**
 * The embedded database on a thread of its own (app/db/pglite-worker.mjs). PGlite runs every
 * statement synchronously; on the server's thread that held the event loop for the length of each
 * statement, so requests waited behind other requests' queries, /health behind a burst of
 * verifications. Here the server's thread only sends a statement and receives its rows.
 *
 * Prisma gets a driver adapter whose calls are forwarded to PrismaPGlite inside the worker; the
 * migration runner gets `exec` and `query`. One worker per database, closed with it.
 */
export type PgliteThread = {
  adapter: SqlDriverAdapterFactory;
  runner: SqlRunner;
  /** pg-boss's statements, run in the worker the way pg-boss's own PGlite adapter runs them. */
  jobSql: (text: string, values?: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
  close: () => Promise<void>;
  /** The thread itself, for diagnostics and for the test that stops it unexpectedly. */
  worker: Worker;
};

export type PgliteThreadOptions = {
  /** Called once if the thread stops without close(): every later call fails, so the owner
   * should stop the process and let its supervisor start a new one. */
  onUnexpectedStop?: (error: Error) => void;
};

type SerializedError = { name: string; message: string; cause?: Record<string, unknown> };
type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: SerializedError };
type ReadyMessage = { ready: true } | { ready: false; error: SerializedError };

const ADAPTER_INFO = { provider: "postgres", adapterName: "pglite-prisma-adapter" } as const;

function rebuildError(error: SerializedError): Error {
  // Prisma recognises database errors (unique violations and the like) by this class and its cause.
  if (error.name === "DriverAdapterError" && error.cause) return new DriverAdapterError(error.cause as ConstructorParameters<typeof DriverAdapterError>[0]);
  const rebuilt = new Error(error.message);
  rebuilt.name = error.name;
  return rebuilt;
}

export async function startPgliteThread(dataDir: string, options: PgliteThreadOptions = {}): Promise<PgliteThread> {
  const worker = new Worker(new URL("./pglite-worker.mjs", import.meta.url), { workerData: { dataDir } });
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let stopped: Error | undefined;
  let started = false;
  let closing = false;

  const failAll = (error: Error) => {
    const first = !stopped;
    stopped ??= error;
    for (const { reject } of pending.values()) reject(error);
    pending.clear();
    if (first && !closing && started) options.onUnexpectedStop?.(error);
  };

  const ready = new Promise<void>((resolve, reject) => {
    worker.once("message", (message: ReadyMessage) => (message.ready ? resolve() : reject(rebuildError(message.error))));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the embedded database did not start (exit code ${code})`)));
  });
  worker.on("message", (message: Reply | ReadyMessage) => {
    if (!("id" in message)) return;
    const waiting = pending.get(message.id);
    if (!waiting) return;
    pending.delete(message.id);
    if (message.ok) waiting.resolve(message.value);
    else waiting.reject(rebuildError(message.error));
  });
  worker.on("error", (error) => failAll(new Error(`the embedded database stopped: ${error.message}`)));
  worker.on("exit", (code) => failAll(new Error(`the embedded database stopped (exit code ${code})`)));

  const call = <T>(op: string, args: Record<string, unknown> = {}) =>
    new Promise<T>((resolve, reject) => {
      if (stopped) return reject(stopped);
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, args });
    });

  try {
    await ready;
    started = true;
  } catch (error) {
    await worker.terminate();
    throw error;
  }

  const queryable = (transactionId?: number) => ({
    ...ADAPTER_INFO,
    queryRaw: (query: SqlQuery) => call<SqlResultSet>("queryRaw", { query, transactionId }),
    executeRaw: (query: SqlQuery) => call<number>("executeRaw", { query, transactionId }),
  });

  const adapter: SqlDriverAdapter = {
    ...queryable(),
    executeScript: (script: string) => call<void>("executeScript", { script }),
    getConnectionInfo: () => ({ supportsRelationJoins: true }),
    startTransaction: async (isolationLevel?: IsolationLevel): Promise<Transaction> => {
      const { transactionId, options } = await call<{ transactionId: number; options: TransactionOptions }>("startTransaction", { isolationLevel });
      return {
        ...queryable(transactionId),
        options,
        commit: () => call<void>("commit", { transactionId }),
        rollback: () => call<void>("rollback", { transactionId }),
      };
    },
    // Prisma disconnecting does not close the database: close() does, once.
    dispose: async () => undefined,
  };

  return {
    adapter: { ...ADAPTER_INFO, connect: async () => adapter },
    runner: {
      exec: (sql) => call<void>("exec", { sql }),
      query: (sql, params = []) => call<Record<string, unknown>[]>("query", { sql, params }),
    },
    jobSql: (text, values) => call<{ rows: Record<string, unknown>[] }>("jobSql", { text, values }),
    close: async () => {
      closing = true;
      if (!stopped) await call("close").catch(() => undefined);
      await worker.terminate();
    },
    worker,
  };
}
