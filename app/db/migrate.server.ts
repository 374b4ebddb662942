import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";

/**
 * Applies prisma/migrations/<name>/migration.sql through the database driver itself, in order,
 * each in its own transaction, under an advisory lock so that several instances can start at once.
 * Prisma's migration CLI is kept for authoring only (see scripts/new-migration.ts): under the JS
 * schema engine it cannot migrate through either adapter reliably.
 */
export type SqlRunner = {
  exec(sql: string): Promise<void>;
  query(sql: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
};

const LOCK_ID = 727_001_001;
const TABLE = `"_golive_migrations"`;

export type Migration = { name: string; sql: string; checksum: string };

export function readMigrations(dir = path.resolve("prisma", "migrations")): Migration[] {
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

export async function applyMigrations(runner: SqlRunner, migrations = readMigrations()): Promise<string[]> {
  await runner.query(`SELECT pg_advisory_lock($1)`, [LOCK_ID]);
  try {
    await runner.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const rows = await runner.query(`SELECT name, checksum FROM ${TABLE}`);
    const applied = new Map(rows.map((row) => [String(row.name), String(row.checksum)]));
    const appliedNow: string[] = [];
    for (const migration of migrations) {
      const previous = applied.get(migration.name);
      if (previous !== undefined) {
        if (previous !== migration.checksum) {
          throw new Error(`Migration ${migration.name} was changed after it was applied; add a new migration instead.`);
        }
        continue;
      }
      await runner.exec("BEGIN");
      try {
        await runner.exec(migration.sql);
        await runner.query(`INSERT INTO ${TABLE} (name, checksum) VALUES ($1, $2)`, [migration.name, migration.checksum]);
        await runner.exec("COMMIT");
      } catch (error) {
        await runner.exec("ROLLBACK");
        throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`);
      }
      appliedNow.push(migration.name);
    }
    return appliedNow;
  } finally {
    await runner.query(`SELECT pg_advisory_unlock($1)`, [LOCK_ID]);
  }
}

/** For /ready: the names of committed migrations the database has not applied. */
export async function pendingMigrations(query: (sql: string) => Promise<{ name: string }[]>, migrations = readMigrations()) {
  const rows = await query(`SELECT name FROM ${TABLE}`);
  const applied = new Set(rows.map((row) => row.name));
  return migrations.filter((migration) => !applied.has(migration.name)).map((migration) => migration.name);
}
