import { createHash } from "node:crypto";

/**
 * The hot reads and counters of every request (who is asking, the dashboard's figures, rate-limit
 * counters) as plain SQL statements. On PostgreSQL each is sent through `pg` as a named prepared
 * statement: PostgreSQL parses and plans it once per connection instead of on every call, and the
 * client skips Prisma's query compiler and interpreter (about 160 µs of CPU per `$queryRaw` call,
 * against under 40 µs this way). On the embedded database the same text goes through Prisma, whose
 * driver there is the one that tells the read cache about writes (app/db/read-cache.server.ts).
 *
 * Write a statement so that both drivers return the same values: timestamps as `timestamptz`
 * (`"col" AT TIME ZONE 'UTC'` for Prisma's `timestamp(3)` columns, which hold UTC), enums cast to
 * text, counts to int, and time parameters as ISO strings cast in SQL.
 */
export type Statement<Row> = { readonly name: string; readonly text: string; readonly __row?: Row };

/** The name is the label and a digest of the text, so an edited statement (or a module loaded
 * twice in development) never meets an older text prepared under the same name. */
export function statement<Row>(label: string, text: string): Statement<Row> {
  const digest = createHash("sha256").update(text).digest("hex").slice(0, 12);
  return Object.freeze({ name: `${label}_${digest}`, text });
}
