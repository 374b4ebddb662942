// Author a migration: diff the committed migrations against prisma/schema.prisma on an
// in-memory PGlite (never a real server) and write the SQL into a new timestamped folder.
// Usage: npm run db:migration -- <name>     Drift check: npm run db:check
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, renameSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const checkOnly = process.argv.includes("--check");
const name = process.argv.slice(2).find((a) => !a.startsWith("--"));
const prismaBin = path.join("node_modules", ".bin", "prisma");
const migrationsDir = path.join("prisma", "migrations");
const hasMigrations = existsSync(migrationsDir);
const from = hasMigrations ? ["--from-migrations", migrationsDir] : ["--from-empty"];

if (checkOnly) {
  try {
    execFileSync(prismaBin, ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--exit-code"], { stdio: "pipe" });
    console.log("Schema and migrations are in sync.");
  } catch (error) {
    const status = (error as { status?: number }).status;
    console.error(status === 2 ? "Drift: prisma/schema.prisma has changes no migration covers. Run npm run db:migration -- <name>." : String(error));
    process.exit(1);
  }
} else {
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <snake_case_name>");
    process.exit(1);
  }
  const out = path.join(mkdtempSync(path.join(tmpdir(), "migration-")), "migration.sql");
  execFileSync(prismaBin, ["migrate", "diff", ...from, "--to-schema-datamodel", "prisma/schema.prisma", "--script", "-o", out], { stdio: "inherit" });
  const sql = readFileSync(out, "utf8");
  if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
    console.log("No changes: nothing to write.");
    process.exit(0);
  }
  const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
  const folder = path.join(migrationsDir, `${stamp}_${name}`);
  mkdirSync(folder, { recursive: true });
  renameSync(out, path.join(folder, "migration.sql"));
  console.log(`Wrote ${folder}/migration.sql`);
}
