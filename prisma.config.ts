// Prisma CLI configuration. Used only to author migrations, check drift and generate the client:
// the app applies migrations itself at start (app/db/migrate.server.ts).
import path from "node:path";
import type { SqlDriverAdapter, SqlDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import { defineConfig } from "prisma/config";

// The CLI needs a syntactically valid postgres URL even when it never connects
// (otherwise it falls back to the library engine and tries to download it).
process.env.DATABASE_URL ??= "postgresql://placeholder:placeholder@127.0.0.1:5432/placeholder";

type PGliteLike = { exec(sql: string): Promise<unknown> };

/**
 * pglite-prisma-adapter 0.6.1 does not await executeScript, and migration files (several
 * statements) reach PGlite as prepared statements, which it refuses. Both go through exec here.
 */
function scriptFriendly(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const client = (adapter as unknown as { client: PGliteLike }).client;
  const executeRaw = adapter.executeRaw.bind(adapter);
  return Object.assign(adapter, {
    executeScript: async (script: string) => {
      await client.exec(script);
    },
    executeRaw: async (query: Parameters<SqlDriverAdapter["executeRaw"]>[0]) => {
      if (query.args.length === 0 && /;\s*\S/.test(query.sql.trim())) {
        await client.exec(query.sql);
        return 0;
      }
      return executeRaw(query);
    },
  });
}

let factoryPromise: Promise<SqlDriverAdapterFactory> | undefined;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // The CLI calls this factory more than once per command; two PGlite instances on one
  // database corrupt it, so it is memoised. In-memory: authoring never touches a real server.
  adapter: async () => {
    factoryPromise ??= (async () => {
      const { PGlite } = await import("@electric-sql/pglite");
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      const inner = new PrismaPGlite(new PGlite());
      return {
        provider: inner.provider,
        adapterName: inner.adapterName,
        connect: async () => scriptFriendly(await inner.connect()),
        connectToShadowDb: async () => scriptFriendly(await inner.connectToShadowDb()),
      } as SqlDriverAdapterFactory;
    })();
    return factoryPromise as never;
  },
});
