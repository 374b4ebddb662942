import { db, databaseKind } from "~/db/client.server";
import { pendingMigrations, readMigrations, type Migration } from "~/db/migrate.server";
import { getEnv } from "~/env.server";

type CheckStatus = "pass" | "warn" | "fail";
type Check = { status: CheckStatus; observedValue?: unknown; observedUnit?: string; output?: string; componentType?: string };

const DATABASE_TIMEOUT_MS = 2_000;

// The migrations shipped with this build do not change while it runs: read them once.
let shipped: Migration[] | undefined;
function shippedMigrations() {
  shipped ??= readMigrations();
  return shipped;
}

/** GET /ready, in the spirit of the application/health+json draft: status plus a checks object. */
export async function readiness() {
  const checks: Record<string, Check[]> = {};
  const started = performance.now();
  try {
    await withTimeout(db().$queryRawUnsafe("SELECT 1"), DATABASE_TIMEOUT_MS);
    checks["database:responseTime"] = [
      {
        status: "pass",
        componentType: databaseKind() === "pglite" ? "embedded-postgres" : "postgres",
        observedValue: Math.round(performance.now() - started),
        observedUnit: "ms",
      },
    ];
    const pending = await withTimeout(
      pendingMigrations((sql) => db().$queryRawUnsafe<{ name: string }[]>(sql), shippedMigrations()),
      DATABASE_TIMEOUT_MS,
    );
    checks["database:migrations"] = [pending.length ? { status: "fail", output: `pending migrations: ${pending.join(", ")}` } : { status: "pass" }];
  } catch (error) {
    const timedOut = error instanceof TimeoutError;
    checks["database:responseTime"] = [{ status: "fail", output: timedOut ? "the database did not answer within 2 seconds" : "the database is unreachable" }];
  }
  const missing = getEnv().missingForDeployment;
  checks["env:required"] = [missing.length ? { status: "fail", output: `missing: ${missing.join(", ")}` } : { status: "pass" }];

  const statuses = Object.values(checks)
    .flat()
    .map((check) => check.status);
  const status: CheckStatus = statuses.includes("fail") ? "fail" : statuses.includes("warn") ? "warn" : "pass";
  return { httpStatus: status === "fail" ? 503 : 200, body: { status, checks } };
}

class TimeoutError extends Error {}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new TimeoutError()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
