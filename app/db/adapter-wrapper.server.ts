import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQuery, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";

/**
 * Wrapping a Prisma driver adapter so that something happens around every call that reaches the
 * database: each statement (with its SQL), script, transaction start, commit and rollback. The
 * wrapper in this folder (tracking writes, for the read cache) says only what that something is.
 */
export type DatabaseCall = { kind: "statement"; query: SqlQuery } | { kind: "script" | "begin" | "commit" | "rollback" };
export type AroundCall = <T>(call: DatabaseCall, run: () => Promise<T>) => Promise<T>;

export function wrapDriverAdapter(factory: SqlDriverAdapterFactory, around: AroundCall): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => wrapConnected(await factory.connect(), around),
  };
}

function wrapStatements<T extends SqlQueryable>(queryable: T, around: AroundCall) {
  return {
    queryRaw: (query: SqlQuery) => around({ kind: "statement", query }, () => queryable.queryRaw(query)),
    executeRaw: (query: SqlQuery) => around({ kind: "statement", query }, () => queryable.executeRaw(query)),
  };
}

function wrapConnected(adapter: SqlDriverAdapter, around: AroundCall): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    ...wrapStatements(adapter, around),
    executeScript: (script) => around({ kind: "script" }, () => adapter.executeScript(script)),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) => {
      const transaction: Transaction = await around({ kind: "begin" }, () => adapter.startTransaction(isolationLevel));
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        ...wrapStatements(transaction, around),
        commit: () => around({ kind: "commit" }, () => transaction.commit()),
        rollback: () => around({ kind: "rollback" }, () => transaction.rollback()),
      };
    },
  };
}
