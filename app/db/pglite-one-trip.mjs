// @ts-check
// One trip into PGlite per statement, for the embedded database's thread (app/db/pglite-worker.mjs).
//
// PGlite's own `query()` makes six calls into the WebAssembly build of PostgreSQL for every
// statement: Parse, Describe (to learn the parameter types it infers, so it can pick a serializer
// for each value), Bind, Describe, Execute and Sync, each parsed on its own. node-postgres, which
// the platform uses against a real PostgreSQL server, does not describe first: it sends the values
// as text and lets the server infer their types, all in one message. This client does the same
// with PGlite, which on a small statement takes about a third off its time on the database thread.
//
// Only values whose text form does not depend on the inferred type take this path: strings,
// numbers, bigints, booleans and null, which is what Prisma sends (it passes dates, decimals and
// JSON as strings). A statement with any other value (bytes, dates, arrays, objects) goes through
// PGlite's own `query()`, unchanged.
import { protocol, parse } from "@electric-sql/pglite";

const { serialize } = protocol;

/** @typedef {import("@electric-sql/pglite").PGlite} PGlite */
/** @typedef {import("@electric-sql/pglite").Transaction} Transaction */
/** @typedef {import("@electric-sql/pglite").QueryOptions} QueryOptions */

/**
 * The text PostgreSQL reads for a value of any type, or undefined when that depends on the type.
 * @param {unknown} value
 * @returns {string | null | undefined}
 */
export function textParameter(value) {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "string":
      return value;
    case "number":
      return Number.isFinite(value) ? String(value) : value > 0 ? "Infinity" : value < 0 ? "-Infinity" : "NaN";
    case "bigint":
      return String(value);
    case "boolean":
      return value ? "true" : "false";
    default:
      return undefined;
  }
}

/**
 * @param {unknown[]} params
 * @returns {(string | null)[] | undefined}
 */
function textParameters(params) {
  const values = [];
  for (const param of params) {
    const text = textParameter(param);
    if (text === undefined) return undefined;
    values.push(text);
  }
  return values;
}

/** @param {Uint8Array[]} parts */
function concat(parts) {
  let length = 0;
  for (const part of parts) length += part.length;
  const message = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    message.set(part, offset);
    offset += part.length;
  }
  return message;
}

/**
 * Wraps PGlite in the client interface pglite-prisma-adapter uses (`query`, `exec`, `transaction`,
 * and `query`, `exec`, `rollback` on a transaction), sending each statement in one trip.
 * @param {PGlite} pglite
 */
export function oneTripClient(pglite) {
  /** @type {WeakMap<object, PGlite["parsers"]>} */
  const mergedParsers = new WeakMap();
  /** @param {QueryOptions | undefined} options */
  function parsersFor(options) {
    const extra = options?.parsers;
    if (!extra) return pglite.parsers;
    let merged = mergedParsers.get(extra);
    if (!merged) {
      merged = { ...pglite.parsers, ...extra };
      mergedParsers.set(extra, merged);
    }
    return merged;
  }

  /**
   * @param {string} sql
   * @param {(string | null)[]} values
   * @param {QueryOptions | undefined} options
   * @param {boolean} syncToFs PGlite writes its files after a statement outside a transaction.
   */
  async function send(sql, values, options, syncToFs) {
    const message = concat([
      serialize.parse({ text: sql, types: [] }),
      serialize.bind({ values }),
      serialize.describe({ type: "P" }),
      serialize.execute({}),
      serialize.sync(),
    ]);
    // Throws PostgreSQL's error (a DatabaseError with its code) when the statement fails; the
    // statement's implicit transaction is then rolled back at Sync, as with any client.
    const { messages } = await pglite.execProtocol(message, { syncToFs });
    // The parsers are merged once per set (parseResults would copy them for every statement).
    const [result] = parse.parseResults(messages, parsersFor(options), { rowMode: options?.rowMode });
    return result ?? { rows: [], fields: [], affectedRows: 0 };
  }

  return {
    /**
     * @param {string} sql
     * @param {unknown[]} [params]
     * @param {QueryOptions} [options]
     */
    query(sql, params = [], options) {
      const values = textParameters(params);
      // PGlite's own query() also says clearly when the database is closing or closed.
      if (!values || !pglite.ready) return pglite.query(sql, params, options);
      // The same two locks PGlite's query() takes: no statement runs inside someone else's
      // transaction, and none runs while another call is in the database.
      return pglite._runExclusiveTransaction(() => pglite._runExclusiveQuery(() => send(sql, values, options, true)));
    },
    /**
     * @param {string} sql
     * @param {QueryOptions} [options]
     */
    exec(sql, options) {
      return pglite.exec(sql, options);
    },
    /**
     * @template T
     * @param {(tx: ReturnType<typeof oneTripTransaction>) => Promise<T>} callback
     */
    transaction(callback) {
      return pglite.transaction((tx) => callback(oneTripTransaction(tx)));
    },
  };

  /** @param {Transaction} tx */
  function oneTripTransaction(tx) {
    return {
      /**
       * @param {string} sql
       * @param {unknown[]} [params]
       * @param {QueryOptions} [options]
       */
      query(sql, params = [], options) {
        const values = textParameters(params);
        if (!values || tx.closed) return tx.query(sql, params, options);
        // The transaction's lock is already held by pglite.transaction().
        return pglite._runExclusiveQuery(() => send(sql, values, options, false));
      },
      /**
       * @param {string} sql
       * @param {QueryOptions} [options]
       */
      exec(sql, options) {
        return tx.exec(sql, options);
      },
      rollback() {
        return tx.rollback();
      },
      get closed() {
        return tx.closed;
      },
    };
  }
}
