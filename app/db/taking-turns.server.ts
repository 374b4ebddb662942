import type { SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { takeTurn } from "~/server/turns.server";
import { wrapDriverAdapter } from "./adapter-wrapper.server";

/**
 * Database replies tend to arrive in batches (a burst of requests issues its statements together,
 * and their answers come back together); each continues its request on a turn of the event loop
 * of its own (app/server/turns.server.ts), so other sockets, /health among them, are polled in
 * between. Wraps any Prisma driver adapter: PrismaPg and the embedded database's thread alike.
 */
export function takingTurns(factory: SqlDriverAdapterFactory): SqlDriverAdapterFactory {
  return wrapDriverAdapter(factory, async (call, run) => {
    // Scripts run only at start (migrations), when there is nothing to take turns with.
    if (call.kind === "script") return run();
    try {
      return await run();
    } finally {
      await takeTurn();
    }
  });
}
