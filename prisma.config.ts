// Prisma CLI configuration. Used only to author migrations and to generate the client:
// the app applies migrations itself at start (app/db/migrate.server.ts).
import path from "node:path";
import { defineConfig } from "prisma/config";

// The CLI needs a syntactically valid postgres URL even when it never connects
// (otherwise it falls back to the library engine and tries to download it).
process.env.DATABASE_URL ??= "postgresql://placeholder:placeholder@127.0.0.1:5432/placeholder";

let adapterPromise: Promise<unknown> | undefined;

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  // The CLI calls this factory more than once per command; two PGlite instances on one
  // database corrupt it, so it is memoised. In-memory: authoring never touches a real server.
  adapter: async () => {
    adapterPromise ??= (async () => {
      const { PGlite } = await import("@electric-sql/pglite");
      const { PrismaPGlite } = await import("pglite-prisma-adapter");
      return new PrismaPGlite(new PGlite());
    })();
    return adapterPromise as never;
  },
});
