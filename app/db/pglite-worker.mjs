// @ts-check
// The embedded database's own thread (started by app/db/pglite-thread.server.ts).
//
// PGlite is PostgreSQL compiled to WebAssembly: every statement runs synchronously on the thread
// that owns it. Here that thread is this worker, so the server's event loop keeps answering
// requests while the database works, and the database can use the machine's second core.
// The worker holds PGlite and Prisma's PGlite driver adapter, and answers one message per call.
// Plain JavaScript on purpose: Node starts it as it is, from the source tree (tests) and from the
// build (a copy Vite emits next to the server bundle), without a compile step of its own.
import { parentPort, workerData } from "node:worker_threads";
import { PGlite } from "@electric-sql/pglite";
import { PrismaPGlite } from "pglite-prisma-adapter";
import { oneTripClient } from "./pglite-one-trip.mjs";

if (!parentPort) throw new Error("pglite-worker.mjs runs only as a worker thread");
const port = parentPort;

/** @type {string} */
const dataDir = workerData.dataDir;
const pglite = dataDir.startsWith("memory://") ? new PGlite() : new PGlite(dataDir);
// Prisma's statements reach PGlite through oneTripClient: one call into the database per statement.
const ready = pglite.waitReady.then(() => new PrismaPGlite(/** @type {PGlite} */ (/** @type {unknown} */ (oneTripClient(pglite)))).connect());

/** @type {Map<number, import("@prisma/driver-adapter-utils").Transaction>} */
const transactions = new Map();
let nextTransactionId = 1;

/** @param {number} id */
function transaction(id) {
  const found = transactions.get(id);
  if (!found) throw new Error(`no open transaction ${id}`);
  return found;
}

/**
 * @param {string} op
 * @param {any} args
 */
async function handle(op, args) {
  const adapter = await ready;
  switch (op) {
    case "queryRaw":
      return (args.transactionId ? transaction(args.transactionId) : adapter).queryRaw(args.query);
    case "executeRaw":
      return (args.transactionId ? transaction(args.transactionId) : adapter).executeRaw(args.query);
    case "executeScript":
      // The adapter's own executeScript does not wait for the script to finish.
      await pglite.exec(args.script);
      return undefined;
    case "startTransaction": {
      const started = await adapter.startTransaction(args.isolationLevel);
      const transactionId = nextTransactionId++;
      transactions.set(transactionId, started);
      return { transactionId, options: started.options };
    }
    case "commit":
    case "rollback": {
      const open = transaction(args.transactionId);
      transactions.delete(args.transactionId);
      return op === "commit" ? open.commit() : open.rollback();
    }
    // The migration runner's two calls (app/db/migrate.server.ts).
    case "exec":
      await pglite.exec(args.sql);
      return undefined;
    case "query":
      return (await pglite.query(args.sql, args.params ?? [])).rows;
    // pg-boss's statements (app/db/job-queue.server.ts), as pg-boss's own fromPglite adapter runs
    // them: text with values is one statement (query); text without values may be several
    // (BEGIN; SET LOCAL …; SELECT pg_advisory_xact_lock …; COMMIT), run with exec, rows flattened so a
    // RETURNING before the COMMIT is kept. A failed statement must not leave the one connection in an
    // aborted transaction that poisons every later statement (a pool would hand out a fresh one).
    case "jobSql":
      try {
        if (args.values?.length) return { rows: (await pglite.query(args.text, args.values)).rows };
        const results = await pglite.exec(args.text);
        return { rows: results.flatMap((result) => result.rows ?? []) };
      } catch (error) {
        await pglite.query("ROLLBACK").catch(() => undefined);
        throw error;
      }
    case "close":
      await pglite.close();
      return undefined;
    default:
      throw new Error(`unknown database call ${op}`);
  }
}

/** Errors cross the thread boundary as plain data; the main thread rebuilds Prisma's error class. */
/** @param {unknown} error */
function serializeError(error) {
  if (error instanceof Error) {
    const cause = /** @type {{ cause?: unknown }} */ (error).cause;
    return { name: error.name, message: error.message, cause: cause && typeof cause === "object" ? { ...cause } : undefined };
  }
  return { name: "Error", message: String(error) };
}

port.on("message", (/** @type {{ id: number; op: string; args: unknown }} */ message) => {
  handle(message.op, message.args).then(
    (value) => port.postMessage({ id: message.id, ok: true, value }),
    (error) => port.postMessage({ id: message.id, ok: false, error: serializeError(error) }),
  );
});

ready.then(
  () => port.postMessage({ ready: true }),
  (error) => port.postMessage({ ready: false, error: serializeError(error) }),
);
