import type { SqlDriverAdapter, SqlDriverAdapterFactory, SqlQueryable, Transaction } from "@prisma/driver-adapter-utils";
import { takeTurn } from "~/server/turns.server";

/**
 * Database replies tend to arrive in batches (a burst of requests issues its statements together,
 * and their answers come back together); each continues its request on a turn of the event loop
 * of its own (app/server/turns.server.ts), so other sockets, /health among them, are polled in
 * between. Wraps any Prisma driver adapter: PrismaPg and the embedded database's thread alike.
 */
export function takingTurns(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => adapterTakingTurns(await factory.connect()),
  };
}

const afterTurn = async <T>(pending: Promise<T>): Promise<T> => {
  try {
    return await pending;
  } finally {
    await takeTurn();
  }
};

function queriesTakingTurns<T extends SqlQueryable>(queryable: T) {
  return {
    queryRaw: (query: Parameters<T["queryRaw"]>[0]) => afterTurn(queryable.queryRaw(query)),
    executeRaw: (query: Parameters<T["executeRaw"]>[0]) => afterTurn(queryable.executeRaw(query)),
  };
}

function adapterTakingTurns(adapter: SqlDriverAdapter): SqlDriverAdapter {
  return {
    provider: adapter.provider,
    adapterName: adapter.adapterName,
    ...queriesTakingTurns(adapter),
    executeScript: (script) => adapter.executeScript(script),
    getConnectionInfo: adapter.getConnectionInfo?.bind(adapter),
    dispose: () => adapter.dispose(),
    startTransaction: async (isolationLevel) => {
      const transaction: Transaction = await afterTurn(adapter.startTransaction(isolationLevel));
      return {
        provider: transaction.provider,
        adapterName: transaction.adapterName,
        options: transaction.options,
        ...queriesTakingTurns(transaction),
        commit: () => afterTurn(transaction.commit()),
        rollback: () => afterTurn(transaction.rollback()),
      };
    },
  };
}
